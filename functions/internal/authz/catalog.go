package authz

// Entry is one permission key with the console elements it turns on, as
// the contract lists them for the console.
type Entry struct {
	Key string   `json:"key"`
	UI  []string `json:"ui"`
}

// Entries is the catalog in order, each key with its UI resource ids.
func Entries() []Entry {
	out := make([]Entry, 0, len(Catalog))
	for _, k := range Catalog {
		ui := uiByPermission[k]
		if ui == nil {
			ui = []string{}
		}
		out = append(out, Entry{Key: k, UI: ui})
	}
	return out
}
