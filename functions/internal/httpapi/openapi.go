package httpapi

import (
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// OpenAPI describes routes as an OpenAPI 3.0 document, built from the same
// table the router mounts, so the description cannot drift from the API.
func OpenAPI(title, version string, routes []Route) map[string]any {
	paths := map[string]any{}
	schemas := map[string]any{}
	for _, rt := range routes {
		item, _ := paths[rt.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[rt.Path] = item
		}
		op := map[string]any{
			"summary":     rt.Summary,
			"operationId": operationID(rt),
			"tags":        []string{rt.Function},
		}
		if rt.Perm != "" {
			op["x-permission"] = rt.Perm
		}
		if rt.Public {
			op["security"] = []any{}
		}
		var params []any
		for _, p := range rt.Query {
			params = append(params, map[string]any{"name": p.Name, "in": "query", "required": p.Required,
				"description": p.Desc, "schema": map[string]any{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.Body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Body), schemas)}}}
		}
		status := rt.Status
		if status == 0 {
			status = http.StatusOK
		}
		ok := map[string]any{"description": http.StatusText(status)}
		if rt.Reply != nil {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Reply), schemas)}}
		}
		responses := map[string]any{strconv.Itoa(status): ok,
			"default": map[string]any{"description": "error envelope", "content": map[string]any{
				"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(ErrorBody{}), schemas)}}}}
		op["responses"] = responses
		item[strings.ToLower(rt.Method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info":    map[string]any{"title": title, "version": version},
		"paths":   paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{"bearer": map[string]any{
				"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}},
		},
		"security": []any{map[string]any{"bearer": []string{}}},
	}
}

func operationID(rt Route) string {
	parts := strings.FieldsFunc(strings.TrimPrefix(rt.Path, "/api/"), func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	var b strings.Builder
	b.WriteString(strings.ToLower(rt.Method))
	for _, p := range parts {
		b.WriteString(strings.ToUpper(p[:1]) + p[1:])
	}
	return b.String()
}

var timeType = reflect.TypeOf(time.Time{})

// schemaOf maps a Go type to a JSON schema; named structs become
// components so recursive and shared types are described once.
func schemaOf(t reflect.Type, schemas map[string]any) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), schemas)}
	case reflect.Struct:
		name := t.Name()
		if name != "" && !strings.Contains(name, "[") {
			if _, done := schemas[name]; !done {
				schemas[name] = map[string]any{} // placeholder stops recursion
				schemas[name] = structSchema(t, schemas)
			}
			return map[string]any{"$ref": "#/components/schemas/" + name}
		}
		return structSchema(t, schemas)
	}
	return map[string]any{}
}

func structSchema(t reflect.Type, schemas map[string]any) map[string]any {
	props := map[string]any{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			if inner, ok := schemaOf(f.Type, schemas)["$ref"].(string); ok {
				sub := schemas[strings.TrimPrefix(inner, "#/components/schemas/")].(map[string]any)
				for k, v := range sub["properties"].(map[string]any) {
					props[k] = v
				}
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, schemas)
		if !strings.Contains(opts, "omitempty") {
			required = append(required, name)
		}
	}
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}
