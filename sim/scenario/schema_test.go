package scenario

import (
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// schema is scenarios.schema.json, decoded, with its $refs followed on
// demand.
type schema struct {
	root map[string]any
}

func loadSchema(t *testing.T) schema {
	t.Helper()
	data, err := os.ReadFile("../../scenarios.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var root map[string]any
	if err := json.Unmarshal(data, &root); err != nil {
		t.Fatalf("scenarios.schema.json: %v", err)
	}
	if root["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema is %v, want draft 2020-12", root["$schema"])
	}
	return schema{root}
}

func (s schema) deref(t *testing.T, n map[string]any) map[string]any {
	t.Helper()
	for n["$ref"] != nil {
		ref := n["$ref"].(string)
		name, ok := strings.CutPrefix(ref, "#/$defs/")
		def, found := s.root["$defs"].(map[string]any)[name].(map[string]any)
		if !ok || !found {
			t.Fatalf("unresolvable $ref %s", ref)
		}
		n = def
	}
	return n
}

// properties are the keys a schema node allows as an object, through
// $refs and across oneOf/anyOf/allOf alternatives.
func (s schema) properties(t *testing.T, n map[string]any) map[string]map[string]any {
	t.Helper()
	n = s.deref(t, n)
	out := make(map[string]map[string]any)
	if props, ok := n["properties"].(map[string]any); ok {
		for k, v := range props {
			out[k] = v.(map[string]any)
		}
	}
	for _, combo := range []string{"oneOf", "anyOf", "allOf"} {
		alts, _ := n[combo].([]any)
		for _, alt := range alts {
			maps.Copy(out, s.properties(t, alt.(map[string]any)))
		}
	}
	return out
}

// TestSchemaMatchesParser walks the parser's field table and the schema side
// by side: every key the parser knows is in the schema and every key the
// schema offers is known to the parser.
func TestSchemaMatchesParser(t *testing.T) {
	s := loadSchema(t)
	top := s.properties(t, s.root)
	sameKeys(t, "top level", slices.Collect(maps.Keys(top)), topKeys)

	scenarioKeys := append([]string{"name", "seed"}, keys(scenarioFields)...)
	items := top["scenarios"]["items"].(map[string]any)
	s.compare(t, "scenarios[]", s.properties(t, items), scenarioFields, scenarioKeys)
	s.compare(t, "defaults", s.properties(t, top["defaults"]), scenarioFields, keys(scenarioFields))
}

func (s schema) compare(t *testing.T, path string, props map[string]map[string]any, fields []field, want []string) {
	t.Helper()
	sameKeys(t, path, slices.Collect(maps.Keys(props)), want)
	for _, f := range fields {
		p, ok := props[f.key]
		if !ok || f.fields == nil {
			continue
		}
		s.compare(t, path+"."+f.key, s.properties(t, p), f.fields, keys(f.fields))
	}
}

func sameKeys(t *testing.T, path string, schemaKeys, parserKeys []string) {
	t.Helper()
	for _, k := range parserKeys {
		if !slices.Contains(schemaKeys, k) {
			t.Errorf("%s: the parser knows %q but the schema does not", path, k)
		}
	}
	for _, k := range schemaKeys {
		if !slices.Contains(parserKeys, k) {
			t.Errorf("%s: the schema offers %q but the parser rejects it", path, k)
		}
	}
}

// TestSchemaDefaultsMatchParser writes each default the schema documents
// into a scenario and checks that it changes nothing: the documented
// defaults are the real ones.
func TestSchemaDefaultsMatchParser(t *testing.T) {
	s := loadSchema(t)
	base := parseInternal(t, "scenarios:\n  - name: a\n")
	if seed := s.properties(t, s.root)["seed"]["default"]; seed != float64(defaultSeed) {
		t.Errorf("schema seed default %v, parser %d", seed, defaultSeed)
	}
	checked := 0
	var walk func(path []string, props map[string]map[string]any, fields []field)
	walk = func(path []string, props map[string]map[string]any, fields []field) {
		for _, f := range fields {
			p := props[f.key]
			here := append(slices.Clone(path), f.key)
			if def, ok := p["default"]; ok {
				checked++
				doc := map[string]any{"name": "a"}
				m := doc
				for _, k := range here[:len(here)-1] {
					next := map[string]any{}
					m[k] = next
					m = next
				}
				m[f.key] = def
				out, err := yaml.Marshal(map[string]any{"scenarios": []any{doc}})
				if err != nil {
					t.Fatal(err)
				}
				got := parseInternal(t, string(out))
				got.Line = base.Line
				if !reflect.DeepEqual(got, base) {
					t.Errorf("%s: setting the schema's default %v changes the scenario:\n got %+v\nwant %+v",
						strings.Join(here, "."), def, got, base)
				}
			}
			if f.fields != nil {
				walk(here, s.properties(t, p), f.fields)
			}
		}
	}
	items := s.properties(t, s.root)["scenarios"]["items"].(map[string]any)
	walk(nil, s.properties(t, items), scenarioFields)
	if checked < 30 {
		t.Errorf("only %d defaults checked; the schema documents more", checked)
	}
}

func parseInternal(t *testing.T, doc string) Scenario {
	t.Helper()
	f, err := Parse("t.yaml", []byte(doc))
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	return f.Scenarios[0]
}
