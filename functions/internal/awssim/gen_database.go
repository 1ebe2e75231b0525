package awssim

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
)

func init() { generateRegional(30, "database", genDatabase) }

// dbEngine is one kind of RDS instance as accounts run them.
type dbEngine struct {
	engine, version string
	port            int32
	logs            []string // the log types the engine can export
	dbName          string   // "": the engine has no initial database (SQL Server, Aurora instances)
	storage         string   // storage type
	class           []string
}

// dbEngines are the engines generated; the first one has every attribute
// the column spec documents.
var dbEngines = []dbEngine{
	{"postgres", "16.4", 5432, []string{"postgresql", "upgrade"}, "app", "gp3", []string{"db.m6g.large", "db.r6g.xlarge"}},
	{"mysql", "8.0.39", 3306, []string{"error", "general", "slowquery", "audit"}, "orders", "gp3", []string{"db.t4g.medium", "db.m6g.large"}},
	{"aurora-postgresql", "15.8", 5432, []string{"postgresql"}, "", "aurora", []string{"db.r6g.large", "db.r7g.xlarge"}},
	{"mariadb", "10.11.9", 3306, []string{"error", "slowquery"}, "wiki", "gp2", []string{"db.t3.medium"}},
	{"sqlserver-se", "15.00.4395.2.v1", 1433, []string{"error", "agent"}, "", "io1", []string{"db.m5.xlarge"}},
}

// genDatabase builds a region's RDS instances and ElastiCache clusters in
// the private subnets of its named VPCs, behind the VPCs' security groups.
func genDatabase(g *Gen, a *Account, r *Region) {
	named := namedVPCs(r)
	if len(named) == 0 {
		return
	}
	// The part of an RDS endpoint that is fixed per account and region.
	endpointID := fmt.Sprintf("c%011x", g.rng.Uint64()&0xfffffffffff)
	for i := range g.Count(4) {
		genDBInstance(g, a, r, Pick(g, named), endpointID, i)
	}
	for i := range g.Count(4) {
		genCacheCluster(g, a, r, Pick(g, named), i)
	}
}

// privateSubnets returns the VPC's private subnets, where databases and
// caches live.
func privateSubnets(r *Region, vpc ec2types.Vpc) []ec2types.Subnet {
	var out []ec2types.Subnet
	for _, id := range subnetIDs(r, vpc, false) {
		out = append(out, subnetOf(r, id))
	}
	return out
}

func genDBInstance(g *Gen, a *Account, r *Region, vpc ec2types.Vpc, endpointID string, i int) {
	e := dbEngines[0]
	if i > 0 {
		e = Pick(g, dbEngines)
	}
	id := g.Name(strings.SplitN(e.engine, "-", 2)[0], i)
	arn := g.ARN("rds", "db:"+id)
	subnets := privateSubnets(r, vpc)
	primary := Pick(g, subnets)
	storage := int32(Pick(g, []int{20, 50, 100, 250, 500}))
	if e.storage == "aurora" {
		storage = 1 // Aurora reports the cluster volume, not the instance's
	}
	db := rdstypes.DBInstance{
		DBInstanceIdentifier: aws.String(id), DBInstanceArn: aws.String(arn),
		DBInstanceClass: aws.String(Pick(g, e.class)), Engine: aws.String(e.engine), EngineVersion: aws.String(e.version),
		DBInstanceStatus: aws.String("available"), MasterUsername: aws.String(Pick(g, []string{"postgres", "admin", "dbadmin"})),
		Endpoint: &rdstypes.Endpoint{
			Address: aws.String(fmt.Sprintf("%s.%s.%s.rds.amazonaws.com", id, endpointID, r.Name)),
			Port:    aws.Int32(e.port), HostedZoneId: aws.String("Z29XKXDKYMONMX"),
		},
		AllocatedStorage: aws.Int32(storage), StorageType: aws.String(e.storage),
		StorageEncrypted: aws.Bool(true), AvailabilityZone: primary.AvailabilityZone,
		MultiAZ: aws.Bool(i == 0 || g.Chance(0.4)), DeletionProtection: aws.Bool(i == 0 || g.Chance(0.5)),
		PerformanceInsightsEnabled: aws.Bool(i == 0 || g.Chance(0.5)),
		BackupRetentionPeriod:      aws.Int32(int32(Pick(g, []int{1, 7, 14, 35}))),
		InstanceCreateTime:         aws.Time(g.Time()), PubliclyAccessible: aws.Bool(false),
		DBSubnetGroup: &rdstypes.DBSubnetGroup{
			DBSubnetGroupName: aws.String(id + "-subnets"), DBSubnetGroupDescription: aws.String("Private subnets of " + id),
			VpcId: vpc.VpcId, SubnetGroupStatus: aws.String("Complete"),
		},
		TagList: tagList(standardTags(g, id), func(k, v *string) rdstypes.Tag { return rdstypes.Tag{Key: k, Value: v} }),
	}
	for _, sn := range subnets {
		db.DBSubnetGroup.Subnets = append(db.DBSubnetGroup.Subnets, rdstypes.Subnet{
			SubnetIdentifier: sn.SubnetId, SubnetAvailabilityZone: &rdstypes.AvailabilityZone{Name: sn.AvailabilityZone},
			SubnetStatus: aws.String("Active"),
		})
		if aws.ToBool(db.MultiAZ) && db.SecondaryAvailabilityZone == nil && aws.ToString(sn.AvailabilityZone) != aws.ToString(primary.AvailabilityZone) {
			db.SecondaryAvailabilityZone = sn.AvailabilityZone // the standby's zone
		}
	}
	if e.dbName != "" {
		db.DBName = aws.String(e.dbName)
	}
	if i == 0 || g.Chance(0.6) {
		db.EnabledCloudwatchLogsExports = e.logs[:1+g.Intn(len(e.logs))]
	}
	if e.storage == "io1" {
		db.Iops = aws.Int32(3000)
	}
	groups := groupsOf(r, vpc)
	for k := range min(len(groups), 1+g.Intn(2)) {
		db.VpcSecurityGroups = append(db.VpcSecurityGroups, rdstypes.VpcSecurityGroupMembership{
			VpcSecurityGroupId: groups[k].GroupId, Status: aws.String("active"),
		})
	}
	r.DBInstances = append(r.DBInstances, db)
}

// cacheEngine is one kind of ElastiCache cluster.
type cacheEngine struct {
	engine, version string
	nodes           int32
}

var cacheEngines = []cacheEngine{
	{"redis", "7.1.0", 1},
	{"memcached", "1.6.22", 3},
	{"valkey", "8.0.1", 1},
}

// genCacheCluster adds a cluster in the VPC's private subnets, through a
// cache subnet group of its own.
func genCacheCluster(g *Gen, a *Account, r *Region, vpc ec2types.Vpc, i int) {
	e := cacheEngines[i%len(cacheEngines)]
	id := g.Name(Pick(g, []string{"sessions", "cache", "queue", "ratelimit"}), i)
	arn := g.ARN("elasticache", "cluster:"+id)
	nodes := e.nodes
	if e.engine == "memcached" {
		nodes = int32(2 + g.Intn(3))
	}
	subnets := privateSubnets(r, vpc)
	group := ectypes.CacheSubnetGroup{
		CacheSubnetGroupName: aws.String(id + "-subnets"), CacheSubnetGroupDescription: aws.String("Private subnets of " + id),
		VpcId: vpc.VpcId, ARN: aws.String(g.ARN("elasticache", "subnetgroup:"+id+"-subnets")),
		SupportedNetworkTypes: []ectypes.NetworkType{ectypes.NetworkTypeIpv4},
	}
	for _, sn := range subnets {
		group.Subnets = append(group.Subnets, ectypes.Subnet{
			SubnetIdentifier: sn.SubnetId, SubnetAvailabilityZone: &ectypes.AvailabilityZone{Name: sn.AvailabilityZone},
			SupportedNetworkTypes: []ectypes.NetworkType{ectypes.NetworkTypeIpv4},
		})
	}
	r.CacheSubnetGroups = append(r.CacheSubnetGroups, group)
	zone := Pick(g, subnets).AvailabilityZone
	if nodes > 1 {
		zone = aws.String("Multiple") // memcached spreads its nodes over the zones
	}
	c := ectypes.CacheCluster{
		CacheClusterId: aws.String(id), ARN: aws.String(arn),
		Engine: aws.String(e.engine), EngineVersion: aws.String(e.version),
		CacheNodeType:             aws.String(Pick(g, []string{"cache.t4g.small", "cache.m7g.large", "cache.r7g.large"})),
		NumCacheNodes:             aws.Int32(nodes),
		CacheClusterStatus:        aws.String(Pick(g, []string{"available", "available", "available", "modifying"})),
		PreferredAvailabilityZone: zone, CacheSubnetGroupName: group.CacheSubnetGroupName,
		CacheClusterCreateTime: aws.Time(g.Time()), AtRestEncryptionEnabled: aws.Bool(true),
		TransitEncryptionEnabled: aws.Bool(g.Chance(0.7)),
	}
	if i == 0 {
		c.CacheClusterStatus = aws.String("available")
	}
	if r.CacheTags == nil {
		r.CacheTags = map[string][]ectypes.Tag{}
	}
	r.CacheTags[arn] = tagList(standardTags(g, id), func(k, v *string) ectypes.Tag { return ectypes.Tag{Key: k, Value: v} })
	r.CacheClusters = append(r.CacheClusters, c)
}
