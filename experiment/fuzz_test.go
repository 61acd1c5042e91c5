package experiment

import "testing"

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
		checkYAMLRoundTrip(t, c)
	})
}
