package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/cloudcensus/cloudcensus/functions/internal/routes"
)

// routeLine is the route table as the CDK app reads it.
type routeLine struct {
	Method     string `json:"method"`
	Path       string `json:"path"`
	Permission string `json:"permission,omitempty"`
	Function   string `json:"function"`
	Public     bool   `json:"public"`
}

func printRoutes(w io.Writer) int {
	var out []routeLine
	for _, r := range routes.All() {
		out = append(out, routeLine{r.Method, r.Path, r.Perm, r.Function, r.Public})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "cloudcensus routes:", err)
		return 1
	}
	return 0
}
