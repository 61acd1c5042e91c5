package solvers

import (
	"math"

	"github.com/warpkit/warpkit/ode"
)

// Rodas5P (Steinebach, 2023) is a stiffly accurate, L-stable Rosenbrock method of order 5
// with an embedded order-4 solution and a 4th-order continuous extension. The coefficients
// are those of OrdinaryDiffEq.jl's Rodas5PTableau, in Hairer's transformed form:
//
//	(I/(hγ) − J) k_i = f(t + c_i h, y + Σ_j a_ij k_j) + Σ_j (C_ij/h) k_j + h d_i ∂f/∂t
//
// The last three stages are evaluated at t + h and each adds its increment to the previous
// stage's input, so y1 is the input of stage 8 plus k_8, and k_8 is the error estimate.
const rodas5pStages = 8

const rodas5pGamma = 0.21193756319429014

var rodas5pA = [rodas5pStages + 1][rodas5pStages]float64{
	{},
	{3.0},
	{2.849394379747939, 0.45842242204463923},
	{-6.954028509809101, 2.489845061869568, -10.358996098473584},
	{2.8029986275628964, 0.5072464736228206, -0.3988312541770524, -0.04721187230404641},
	{-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256, 0.030198172008377946},
	{-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256, 0.030198172008377946, 1},
	{-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256, 0.030198172008377946, 1, 1},
	// the weights of the solution
	{-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256, 0.030198172008377946, 1, 1, 1},
}

var rodas5pC = [rodas5pStages][rodas5pStages]float64{
	{},
	{-14.155112264123755},
	{-17.97296035885952, -2.859693295451294},
	{147.12150275711716, -1.41221402718213, 71.68940251302358},
	{165.43517024871676, -0.4592823456491126, 42.90938336958603, -5.961986721573306},
	{24.854864614690072, -3.0009227002832186, 47.4931110020768, 5.5814197821558125, -0.6610691825249471},
	{30.91273214028599, -3.1208243349937974, 77.79954646070892, 34.28646028294783, -19.097331116725623, -28.087943162872662},
	{37.80277123390563, -3.2571969029072276, 112.26918849496327, 66.9347231244047, -40.06618937091002, -54.66780262877968, -9.48861652309627},
}

var rodas5pc = [rodas5pStages]float64{0, 0.6358126895828704, 0.4095798393397535, 0.9769306725060716, 0.4288403609558664, 1, 1, 1}

var rodas5pD = [rodas5pStages]float64{0.21193756319429014, -0.42387512638858027, -0.3384627126235924, 1.8046452872882734, 2.325825639765069, 0, 0, 0}

// rodas5pH gives the three vectors of the continuous extension
// y(θ) = (1−θ) y0 + θ (y1 + (1−θ)(K1 + θ (K2 + θ K3))), K_r = Σ_i H[r][i] k_i.
var rodas5pH = [3][rodas5pStages]float64{
	{25.948786856663858, -2.5579724845846235, 10.433815404888879, -2.3679251022685204, 0.524948541321073, 1.1241088310450404, 0.4272876194431874, -0.17202221070155493},
	{-9.91568850695171, -0.9689944594115154, 3.0438037242978453, -24.495224566215796, 20.176138334709044, 15.98066361424651, -6.789040303419874, -6.710236069923372},
	{11.419903575922262, 2.8879645146136994, 72.92137995996029, 80.12511834622643, -52.072871366152654, -59.78993625266729, -0.15582684282751913, 4.883087185713722},
}

// rosTab is a Rosenbrock method's tableau in Hairer's transformed form (the doc of
// rodas5pStages gives the stage equation).
type rosTab struct {
	stages int
	gamma  float64
	a      *[rodas5pStages + 1][rodas5pStages]float64 // stage inputs; the last row the solution's weights
	C      *[rodas5pStages][rodas5pStages]float64
	c, d   *[rodas5pStages]float64    // stage times and ∂f/∂t weights
	H      *[3][rodas5pStages]float64 // continuous extension
}

var rodas5pTab = &rosTab{stages: rodas5pStages, gamma: rodas5pGamma,
	a: &rodas5pA, C: &rodas5pC, c: &rodas5pc, d: &rodas5pD, H: &rodas5pH}

// rosWork is the Rosenbrock method's scratch space.
type rosWork struct {
	jac     *ode.Jacobian
	J, W    []float64
	piv     []int
	dT, f0  []float64
	K       [3][]float64
	needJac bool
}

func newRosWork(d int) *rosWork {
	w := &rosWork{J: make([]float64, d*d), W: make([]float64, d*d), piv: make([]int, d),
		dT: make([]float64, d), f0: make([]float64, d), needJac: true}
	for i := range w.K {
		w.K[i] = make([]float64, d)
	}
	return w
}

// rodasAttempt takes one Rodas5P step; ok is false when I/(hγ) − J is singular.
func (s *stepper) rodasAttempt(t, h float64) (float64, bool) {
	r, tab := s.ros, s.rosTab
	d := s.d
	y := s.y[:d]
	if r.needJac {
		if r.jac == nil {
			r.jac = ode.NewJacobian(s.sys)
		}
		r.jac.Y(t, y, s.p, r.J)
		r.jac.T(t, y, s.p, r.dT)
		s.stats.RHSEvals += r.jac.RealEvals()
		s.stats.JacEvals++
		r.needJac = false
	}
	W := r.W[:d*d]
	inv := 1 / (h * tab.gamma)
	for i, v := range r.J[:d*d] {
		W[i] = -v
	}
	for i := 0; i < d; i++ {
		W[i*d+i] += inv
	}
	s.stats.Decompositions++
	if !luFactor(W, d, r.piv) {
		return 0, false
	}
	yt := s.ytmp[:d]
	for i := 0; i < tab.stages; i++ {
		ki := s.k[i][:d]
		if i == 0 {
			copy(ki, r.f0)
		} else {
			copy(yt, y)
			s.addStages(yt, 1, tab.a[i][:i]) // the transformed stages already carry h
			s.f(t+tab.c[i]*h, yt, s.p, ki)
			s.stats.RHSEvals++
		}
		for l, c := range tab.C[i][:i] {
			ch := c / h
			kl := s.k[l][:d]
			for j := range ki {
				ki[j] += ch * kl[j]
			}
		}
		if dd := tab.d[i]; dd != 0 {
			hd := h * dd
			for j := range ki {
				ki[j] += hd * r.dT[j]
			}
		}
		luSolve(W, d, r.piv, ki)
	}
	y1 := s.y1[:d]
	copy(y1, y)
	for l, b := range tab.a[tab.stages] {
		kl := s.k[l][:d]
		for j := range y1 {
			y1[j] += b * kl[j]
		}
	}
	e := s.k[tab.stages-1][:d]
	var sum float64
	for j := range e {
		q := e[j] / s.scale(j)
		sum += q * q
	}
	return math.Sqrt(sum / float64(d)), true
}

// rodasDense evaluates the continuous extension of the accepted step.
func (s *stepper) rodasDense(theta float64, out []float64) {
	d := s.d
	r := s.ros
	if !s.dense {
		for q := range r.K {
			Kq := r.K[q][:d]
			clear(Kq)
			for l, c := range s.rosTab.H[q] {
				kl := s.k[l][:d]
				for j := range Kq {
					Kq[j] += c * kl[j]
				}
			}
		}
		s.dense = true
	}
	y, y1 := s.y[:d], s.y1[:d]
	K1, K2, K3 := r.K[0][:d], r.K[1][:d], r.K[2][:d]
	out = out[:d]
	t1 := 1 - theta
	for j := range out {
		out[j] = t1*y[j] + theta*(y1[j]+t1*(K1[j]+theta*(K2[j]+theta*K3[j])))
	}
}
