package httpapi

import (
	"encoding/json"
	"reflect"
	"sync"
)

// EmptyLists answers a copy of v in which every nil slice reachable
// through exported fields, pointers, maps and interfaces is an empty one,
// so that encoding/json writes [] where a Go zero value would write null.
// Byte slices and values that encode themselves are left alone. A value
// that holds no slice at all is answered as it is, without a copy.
func EmptyLists(v any) any {
	if v == nil {
		return nil
	}
	rv := reflect.ValueOf(v)
	if !holdsSlices(rv.Type()) {
		return v
	}
	return fill(rv).Interface()
}

var (
	marshaler   = reflect.TypeFor[json.Marshaler]()
	sliceHolder sync.Map // reflect.Type -> bool
)

// holdsSlices reports whether a value of type t can hold a slice that
// fill would change.
func holdsSlices(t reflect.Type) bool {
	if b, ok := sliceHolder.Load(t); ok {
		return b.(bool)
	}
	sliceHolder.Store(t, false) // a recursive type answers from its other fields
	b := computeHolds(t)
	sliceHolder.Store(t, b)
	return b
}

func computeHolds(t reflect.Type) bool {
	if t.Implements(marshaler) || reflect.PointerTo(t).Implements(marshaler) {
		return false
	}
	switch t.Kind() {
	case reflect.Slice:
		return t.Elem().Kind() != reflect.Uint8
	case reflect.Array, reflect.Pointer:
		return holdsSlices(t.Elem())
	case reflect.Map:
		return holdsSlices(t.Elem())
	case reflect.Interface:
		return true
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && holdsSlices(f.Type) {
				return true
			}
		}
	}
	return false
}

func fill(v reflect.Value) reflect.Value {
	t := v.Type()
	if !holdsSlices(t) {
		return v
	}
	switch t.Kind() {
	case reflect.Slice:
		if v.IsNil() {
			return reflect.MakeSlice(t, 0, 0)
		}
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(fill(v.Index(i)))
		}
		return out
	case reflect.Array:
		out := reflect.New(t).Elem()
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(fill(v.Index(i)))
		}
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(t.Elem())
		out.Elem().Set(fill(v.Elem()))
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(t, v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(it.Key(), fill(it.Value()))
		}
		return out
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(t).Elem()
		out.Set(fill(v.Elem()))
		return out
	case reflect.Struct:
		out := reflect.New(t).Elem()
		out.Set(v)
		for i := 0; i < t.NumField(); i++ {
			if f := t.Field(i); f.IsExported() && holdsSlices(f.Type) {
				out.Field(i).Set(fill(v.Field(i)))
			}
		}
		return out
	}
	return v
}
