package inventory

import (
	"bytes"
	"reflect"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	in := &Result{
		Unit:     &Unit{TaskID: "t1", AccountID: "123456789012", Region: "eu-west-1"},
		Records:  []Record{{Service: "vpc", ResourceType: "VPC", AccountID: "123456789012", Region: "eu-west-1", ID: "vpc-1", Columns: map[string]string{"CIDR": "10.0.0.0/16"}}},
		Coverage: []Coverage{{Service: "vpc", Status: StatusOK, Resources: 1, Calls: 1}},
	}
	var buf bytes.Buffer
	if err := Encode(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip changed the result:\n%+v\n%+v", in, out)
	}
	if _, err := Decode(bytes.NewReader([]byte("not gzip"))); err == nil {
		t.Fatal("garbage decoded without error")
	}
}

func TestResultKeyIsDeterministic(t *testing.T) {
	u := Unit{TaskID: "T", CredentialID: "C1", AccountID: "111122223333", Region: "global"}
	if got, want := u.Key(), "tasks/T/units/C1/111122223333/global.json.gz"; got != want {
		t.Fatalf("key = %s, want %s", got, want)
	}
	// Two credentials reaching one account never share an object.
	other := u
	other.CredentialID = "C2"
	if u.Key() == other.Key() {
		t.Fatalf("two credentials share %s", u.Key())
	}
}
