package scanner

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/cloudcensus/cloudcensus/functions/internal/awssim"
)

func init() {
	expectations["cloudwatch"] = expectation{
		records: func(_ *awssim.Account, r *awssim.Region) int { return len(r.LogGroups) },
		paged:   []string{"CloudWatch Logs/DescribeLogGroups"},
	}
}

func TestLogGroupValues(t *testing.T) {
	estate := testEstate()
	r := estate.Accounts[0].Region(testRegion)
	recs := scanOne(t, awssim.New(estate, awssim.Options{PageSize: 2}), "cloudwatch")
	var cases []columnCase
	var forever, encrypted bool
	for _, lg := range r.LogGroups {
		name := aws.ToString(lg.LogGroupName)
		retention := "Never expire"
		if lg.RetentionInDays != nil {
			retention = num(lg.RetentionInDays)
		} else {
			forever = true
		}
		kms := "No"
		if key := aws.ToString(lg.KmsKeyId); key != "" {
			kms, encrypted = "Yes ("+key[strings.Index(key, ":key/")+1:]+")", true
		}
		cases = append(cases,
			columnCase{"retention of " + name, name, "Retention Days", retention},
			columnCase{"stored bytes of " + name, name, "Stored Bytes", byteSize(aws.ToInt64(lg.StoredBytes))},
			columnCase{"encryption of " + name, name, "KMS Encryption", kms},
		)
	}
	if !forever || !encrypted {
		t.Errorf("the test estate needs log groups kept forever (%v) and KMS-encrypted (%v)", forever, encrypted)
	}
	checkColumns(t, recs, cases)
	for _, rec := range recs {
		if strings.HasSuffix(rec.ARN, ":*") || len(rec.Tags) == 0 {
			t.Errorf("log group %s: arn %q tags %v", rec.ID, rec.ARN, rec.Tags)
		}
	}
}

func TestKMSEncryption(t *testing.T) {
	for _, tc := range []struct{ key, want string }{
		{"", "No"},
		{"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "Yes (key/1234abcd-12ab-34cd-56ef-1234567890ab)"},
		{"arn:aws:kms:eu-west-1:123456789012:alias/logs", "Yes (alias/logs)"},
		{"1234abcd-12ab-34cd-56ef-1234567890ab", "Yes (1234abcd-12ab-34cd-56ef-1234567890ab)"},
	} {
		if got := kmsEncryption(tc.key); got != tc.want {
			t.Errorf("kmsEncryption(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}
