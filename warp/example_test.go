package warp_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/warpkit/warpkit/nn"
	"github.com/warpkit/warpkit/warp"
)

// A WARP model is built from a Config, trained through Loss (here one Adam step), and then
// adapts to a new trajectory through its recurrence alone: Weights shows θ_t moving as the
// context is fed, with no optimiser involved.
func Example() {
	m, err := warp.New(warp.Config{Dim: 1, RootWidth: 4, RootDepth: 1, Transition: "diagonal", Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	const n, T = 8, 16
	x := &nn.Sequences{N: n, T: T, D: 1, X: make([]float64, n*T), Times: make([]float64, T)}
	for t := range x.Times {
		x.Times[t] = float64(t) / (T - 1)
	}
	for i := 0; i < n; i++ {
		for t := 0; t < T; t++ {
			x.X[i*T+t] = math.Sin(2*math.Pi*x.Times[t] + float64(i))
		}
	}
	adam, _ := nn.NewAdam(m.Params(), nn.AdamConfig{})
	nn.ZeroGrad(m.Params())
	if _, err := m.Loss(x, nn.LossOptions{ForcingProb: 0.5}, rand.New(rand.NewPCG(1, 2))); err != nil {
		fmt.Println(err)
		return
	}
	adam.Step(1e-2)

	theta, err := m.Weights(x, 8) // (N, T, D): the first 8 steps fed from the truth
	if err != nil {
		fmt.Println(err)
		return
	}
	D := m.NumWeights()
	moved := 0.0
	for k := 0; k < D; k++ {
		moved = math.Max(moved, math.Abs(theta[7*D+k]-theta[k]))
	}
	fmt.Println("D =", D, "first weights:", m.WeightNames()[:3])
	fmt.Println("θ moved over the context:", moved > 0)
	// Output:
	// D = 13 first weights: [l0.w[0,0] l0.w[1,0] l0.w[2,0]]
	// θ moved over the context: true
}
