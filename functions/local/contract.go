package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cloudcensus/cloudcensus/functions/internal/api"
	"github.com/cloudcensus/cloudcensus/functions/internal/httpapi"
	"github.com/cloudcensus/cloudcensus/functions/internal/lambdaenv"
)

func printContract(w io.Writer) int {
	return writeJSON(w, "contract", httpapi.EmptyLists(api.NewContract(api.Table())))
}

func printOpenAPI(w io.Writer) int {
	if _, err := w.Write(append(indent(api.OpenAPI(api.Table())), '\n')); err != nil {
		fmt.Fprintln(os.Stderr, "cloudcensus openapi:", err)
		return 1
	}
	return 0
}

// bundle writes the files each function ships beside its binary
// (lambdaenv.Function.Files) into dir/<function>/.
func bundle(args []string) int {
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: cloudcensus bundle DIR")
		return 2
	}
	table := api.Table()
	contract, err := json.MarshalIndent(httpapi.EmptyLists(api.NewContract(table)), "", "  ")
	if err != nil {
		fmt.Fprintln(os.Stderr, "cloudcensus bundle:", err)
		return 1
	}
	files := map[string][]byte{lambdaenv.ContractFile: contract, lambdaenv.OpenAPIFile: api.OpenAPI(table)}
	for _, fn := range lambdaenv.Functions {
		for _, name := range fn.Files {
			dst := filepath.Join(args[0], fn.Name, name)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				fmt.Fprintln(os.Stderr, "cloudcensus bundle:", err)
				return 1
			}
			if err := os.WriteFile(dst, files[name], 0o644); err != nil {
				fmt.Fprintln(os.Stderr, "cloudcensus bundle:", err)
				return 1
			}
		}
	}
	return 0
}

func indent(b []byte) []byte {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return b
	}
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return b
	}
	return out
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
