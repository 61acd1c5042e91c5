package experiment

import (
	"reflect"
	"testing"
)

// FuzzLoadConfig feeds arbitrary text to the run-configuration reader: it must never panic,
// and whatever it accepts must write out and read back to the same configuration.
func FuzzLoadConfig(f *testing.F) {
	for _, s := range []string{
		"kind: gru\nhidden: 48\n",
		"kind: warp-phys\nprior: system:pendulum\nprior_options: {system: pendulum, predict: [{name: g}]}\n",
		"kind: lru\ntime_budget: 10m\nresidual: auto\n",
		"kind: warp\nsquash: scaled\nalpha: 1\n&a x: *a\n",
		"kind: [gru]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseLayer("fuzz.yaml", data)
		if err != nil {
			return
		}
		c, err := Resolve(l)
		if err != nil {
			return
		}
		b, err := c.MarshalYAML()
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		l2, err := ParseLayer("again.yaml", b)
		if err != nil {
			t.Fatalf("reading back %q: %v", b, err)
		}
		c2, err := Resolve(l2)
		if err != nil {
			t.Fatalf("resolving %q: %v", b, err)
		}
		// Keys of other kinds are not written; compare those that apply.
		v1, v2 := reflect.ValueOf(c).Elem(), reflect.ValueOf(c2).Elem()
		for i := range v1.NumField() {
			if appliesTo(v1.Type().Field(i), c.Kind) && !reflect.DeepEqual(v1.Field(i).Interface(), v2.Field(i).Interface()) {
				t.Fatalf("%s: %v, read back as %v\n%s", v1.Type().Field(i).Name, v1.Field(i), v2.Field(i), b)
			}
		}
	})
}
