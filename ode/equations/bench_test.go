package equations

import (
	"testing"

	"github.com/warpkit/warpkit/ode"
)

// BenchmarkField compares one evaluation of the equation-defined MSD and Duffing with the
// library's hand-written fields.
func BenchmarkField(b *testing.B) {
	for _, c := range []struct {
		name string
		def  *Definition
	}{{"msd", lib[0].def}, {"duffing", lib[3].def}} {
		ref, err := ode.Lookup(c.name)
		if err != nil {
			b.Fatal(err)
		}
		sys, err := c.def.System()
		if err != nil {
			b.Fatal(err)
		}
		y, p, dy := []float64{0.3, -0.2}, ref.DefaultParams(), make([]float64, 2)
		yc, pc, dyc := []complex128{0.3, -0.2}, make([]complex128, len(p)), make([]complex128, 2)
		for i, v := range p {
			pc[i] = complex(v, 0)
		}
		for _, s := range []struct {
			kind string
			sys  *ode.System
		}{{"go", ref}, {"equations", sys}} {
			b.Run(c.name+"/"+s.kind+"/float64", func(b *testing.B) {
				for b.Loop() {
					s.sys.F64(0.5, y, p, dy)
				}
			})
			b.Run(c.name+"/"+s.kind+"/complex128", func(b *testing.B) {
				for b.Loop() {
					s.sys.C128(0.5, yc, pc, dyc)
				}
			})
		}
	}
}
