package httpapi

import (
	"net/http"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// OpenAPI describes routes as an OpenAPI 3.0 document, built from the same
// table the router mounts, so the description cannot drift from the API.
func OpenAPI(title, version string, routes []Route) map[string]any {
	paths := map[string]any{}
	schemas := &schemaSet{schemas: map[string]any{}, types: map[string]reflect.Type{}}
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
		if rt.Audit.Action != "" {
			op["x-audit"] = rt.Audit.Action
		}
		if rt.Public {
			op["security"] = []any{}
		}
		var params []any
		for _, p := range rt.Query {
			typ := p.Type
			if typ == "" {
				typ = "string"
			}
			params = append(params, map[string]any{"name": p.Name, "in": "query", "required": p.Required,
				"description": p.Desc, "schema": map[string]any{"type": typ}})
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
			"schemas": schemas.schemas,
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

// Enum is a string type with a closed set of values (a status, a role):
// the API description lists them, so the console's types are exact.
type Enum interface {
	EnumValues() []string
}

var enumType = reflect.TypeFor[Enum]()

// schemaSet is the components of a document: each named struct once,
// under a name no other type has.
type schemaSet struct {
	schemas map[string]any
	types   map[string]reflect.Type
}

// sharedPackages hold the types every domain shares; their names stand
// alone. A type of a domain package is named after its package too
// ("tasks.CreateRequest" is TasksCreateRequest), so two domains' types of
// one name never collapse into one schema.
var sharedPackages = map[string]bool{"domain": true, "httpapi": true, "spec": true, "inventory": true, "authz": true}

// schemaName names a struct's component, or panics when two types of the
// route table would share one name: the document would describe one of
// them wrongly.
func (s *schemaSet) schemaName(t reflect.Type) string {
	name := t.Name()
	if pkg := path.Base(t.PkgPath()); !sharedPackages[pkg] && !strings.HasPrefix(name, strings.ToUpper(pkg[:1])+pkg[1:]) {
		name = strings.ToUpper(pkg[:1]) + pkg[1:] + name
	}
	if other, ok := s.types[name]; ok && other != t {
		panic("openapi: " + other.PkgPath() + "." + other.Name() + " and " + t.PkgPath() + "." + t.Name() + " both want the schema name " + name)
	}
	s.types[name] = t
	return name
}

// schemaOf maps a Go type to a JSON schema; named structs become
// components so recursive and shared types are described once.
func schemaOf(t reflect.Type, schemas *schemaSet) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	if t.Kind() == reflect.String && t.Implements(enumType) {
		vals := reflect.Zero(t).Interface().(Enum).EnumValues()
		return map[string]any{"type": "string", "enum": vals}
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
		if t.Name() != "" && !strings.Contains(t.Name(), "[") {
			name := schemas.schemaName(t)
			if _, done := schemas.schemas[name]; !done {
				schemas.schemas[name] = map[string]any{} // placeholder stops recursion
				schemas.schemas[name] = structSchema(t, schemas)
			}
			return map[string]any{"$ref": "#/components/schemas/" + name}
		}
		return structSchema(t, schemas)
	}
	return map[string]any{}
}

// structSchema describes a struct as encoding/json writes it: a field of
// an embedded struct is shadowed by the outer struct's field of the same
// JSON name (Report.version, a string, over Stamp.version), and omitempty
// and omitzero fields are optional.
func structSchema(t reflect.Type, schemas *schemaSet) map[string]any {
	props := map[string]any{}
	var required []string
	var embedded []map[string]any
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
				embedded = append(embedded, schemas.schemas[strings.TrimPrefix(inner, "#/components/schemas/")].(map[string]any))
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, schemas)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			required = append(required, name)
		}
	}
	for _, sub := range embedded {
		for k, v := range sub["properties"].(map[string]any) {
			if _, shadowed := props[k]; !shadowed {
				props[k] = v
				if req, ok := sub["required"].([]string); ok && slices.Contains(req, k) {
					required = append(required, k)
				}
			}
		}
	}
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		slices.Sort(required)
		s["required"] = slices.Compact(required)
	}
	return s
}
