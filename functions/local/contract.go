package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/cloudcensus/cloudcensus/functions/internal/app"
	"github.com/cloudcensus/cloudcensus/functions/internal/authz"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/routes"
)

// contractRoute is one route as the contract shows it.
type contractRoute struct {
	Method     string `json:"method"`
	Path       string `json:"path"`
	Permission string `json:"permission,omitempty"`
	Public     bool   `json:"public"`
	Function   string `json:"function"`
	Summary    string `json:"summary"`
}

// contract is the one JSON document of the facts Go, the console and the
// CDK share.
type contract struct {
	Routes      []contractRoute     `json:"routes"`
	Permissions []authz.Entry       `json:"permissions"`
	ErrorCodes  []httpapi.ErrorCode `json:"errorCodes"`
}

func printContract(w io.Writer) int {
	c := contract{Permissions: authz.Entries(), ErrorCodes: httpapi.ErrorCodes()}
	for _, r := range routes.All() {
		c.Routes = append(c.Routes, contractRoute{r.Method, r.Path, r.Perm, r.Public, r.Function, r.Summary})
	}
	return writeJSON(w, "contract", c)
}

func printOpenAPI(w io.Writer) int {
	return writeJSON(w, "openapi", app.NewSystem().OpenAPI())
}

func writeJSON(w io.Writer, cmd string, v any) int {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(os.Stderr, "cloudcensus %s: %v\n", cmd, err)
		return 1
	}
	return 0
}
