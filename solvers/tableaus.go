package solvers

// rkTab is the Butcher tableau of an explicit fixed-step Runge-Kutta method.
type rkTab struct {
	c []float64   // abscissae, len s
	a [][]float64 // a[i] has i entries
	b []float64   // weights of the solution, len s
	// combine, when set, forms the solution y1 = y + h Σ b_i k_i in a grouping of its own
	// instead of the tableau's order (see rk4Tab).
	combine func(y1, y []float64, h float64, k [][]float64)
}

var eulerTab = &rkTab{c: []float64{0}, a: [][]float64{{}}, b: []float64{1}}

var midpointTab = &rkTab{
	c: []float64{0, 1.0 / 2},
	a: [][]float64{{}, {1.0 / 2}},
	b: []float64{0, 1},
}

// rk4Tab is the classic fourth-order method. Its solution keeps the classic grouping
// h/6·(k1 + 2(k2 + k3) + k4), as RK4Step writes it, so that Solve's fixed steps and the
// generic single step the priors use give the same bits.
var rk4Tab = &rkTab{
	c: []float64{0, 1.0 / 2, 1.0 / 2, 1},
	a: [][]float64{{}, {1.0 / 2}, {0, 1.0 / 2}, {0, 0, 1}},
	b: []float64{1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6},
	combine: func(y1, y []float64, h float64, k [][]float64) {
		n := len(y1)
		y = y[:n]
		k0, k1, k2, k3 := k[0][:n], k[1][:n], k[2][:n], k[3][:n]
		for j := range y1 {
			y1[j] = y[j] + h/6*(k0[j]+2*(k1[j]+k2[j])+k3[j])
		}
	},
}

// erkTab is an explicit Runge-Kutta pair whose last stage is evaluated at the new solution
// (first same as last), with a polynomial continuous extension
// y(t+θh) = y + h Σ_i k_i Σ_j P[i][j] θ^(j+1).
type erkTab struct {
	c []float64   // abscissae, len s
	a [][]float64 // a[i] has i entries; a[s-1] is the weights b (FSAL)
	e []float64   // error weights b - b̂, len s
	p [][]float64 // dense output polynomial coefficients, s rows
}

func (t *erkTab) stages() int { return len(t.c) }

// bs3Tab is Bogacki and Shampine's 3(2) pair; its continuous extension is the cubic Hermite
// interpolant (scipy's RK23 uses the same one).
var bs3Tab = &erkTab{
	c: []float64{0, 1.0 / 2, 3.0 / 4, 1},
	a: [][]float64{
		{},
		{1.0 / 2},
		{0, 3.0 / 4},
		{2.0 / 9, 1.0 / 3, 4.0 / 9},
	},
	e: []float64{5.0 / 72, -1.0 / 12, -1.0 / 9, 1.0 / 8},
	p: [][]float64{
		{1, -4.0 / 3, 5.0 / 9},
		{0, 1, -2.0 / 3},
		{0, 4.0 / 3, -8.0 / 9},
		{0, -1, 1},
	},
}

// dp5Tab is Dormand and Prince's 5(4) pair with Shampine's 4th-order continuous extension
// (Hairer, Nørsett, Wanner I, II.6; the same coefficients as scipy's RK45).
var dp5Tab = &erkTab{
	c: []float64{0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1},
	a: [][]float64{
		{},
		{1.0 / 5},
		{3.0 / 40, 9.0 / 40},
		{44.0 / 45, -56.0 / 15, 32.0 / 9},
		{19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
		{9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
		{35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
	},
	e: []float64{-71.0 / 57600, 0, 71.0 / 16695, -71.0 / 1920, 17253.0 / 339200, -22.0 / 525, 1.0 / 40},
	p: [][]float64{
		{1, -8048581381.0 / 2820520608, 8663915743.0 / 2820520608, -12715105075.0 / 11282082432},
		{0, 0, 0, 0},
		{0, 131558114200.0 / 32700410799, -68118460800.0 / 10900136933, 87487479700.0 / 32700410799},
		{0, -1754552775.0 / 470086768, 14199869525.0 / 1410260304, -10690763975.0 / 1880347072},
		{0, 127303824393.0 / 49829197408, -318862633887.0 / 49829197408, 701980252875.0 / 199316789632},
		{0, -282668133.0 / 205662961, 2019193451.0 / 616988883, -1453857185.0 / 822651844},
		{0, 40617522.0 / 29380423, -110615467.0 / 29380423, 69997945.0 / 29380423},
	},
}

// tsit5Tab is Tsitouras' 5(4) pair (Comput. Math. Appl. 62, 2011) with its 4th-order
// continuous extension, in the form used by OrdinaryDiffEq.jl.
var tsit5Tab = &erkTab{
	c: []float64{0, 0.161, 0.327, 0.9, 0.9800255409045097, 1, 1},
	a: [][]float64{
		{},
		{0.161},
		{-0.008480655492356989, 0.335480655492357},
		{2.8971530571054935, -6.359448489975075, 4.3622954328695815},
		{5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525},
		{5.86145544294642, -12.92096931784711, 8.159367898576159, -0.071584973281401, -0.028269050394068383},
		{0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742, -3.290069515436081, 2.324710524099774},
	},
	e: []float64{-0.00178001105222577714, -0.0008164344596567469, 0.007880878010261995, -0.1447110071732629, 0.5823571654525552, -0.45808210592918697, 1.0 / 66},
	p: [][]float64{
		{1, -2.763706197274826, 2.9132554618219126, -1.0530884977290216},
		{0, 0.13169999999999998, -0.2234, 0.1017},
		{0, 3.9302962368947516, -5.941033872131505, 2.490627285651253},
		{0, -12.411077166933676, 30.33818863028232, -16.548102889244902},
		{0, 37.50931341651104, -88.1789048947664, 47.37952196281928},
		{0, -27.896526289197286, 65.09189467479366, -34.87065786149661},
		{0, 1.5, -4, 2.5},
	},
}
