package ode

import (
	"math"
	"math/cmplx"
)

// The helpers below let one generic vector field call elementary functions on float64 and on
// complex128. On complex128 they are the analytic continuations, which is what the complex-step
// derivative needs: f(x + ih) = f(x) + ih f'(x) + O(h²), so Im f(x+ih)/h = f'(x) to rounding.

// Const converts a float64 value (a variable, not only a constant) to T.
func Const[T Number](v float64) T {
	var z T
	switch any(z).(type) {
	case complex128:
		return any(complex(v, 0)).(T)
	default:
		return any(v).(T)
	}
}

// Re returns the real part of x; use it for comparisons and branches inside a generic field.
func Re[T Number](x T) float64 {
	switch v := any(x).(type) {
	case complex128:
		return real(v)
	default:
		return any(x).(float64)
	}
}

// Sin is sin(x).
func Sin[T Number](x T) T { return apply(x, math.Sin, cmplx.Sin) }

// Cos is cos(x).
func Cos[T Number](x T) T { return apply(x, math.Cos, cmplx.Cos) }

// Tanh is tanh(x).
func Tanh[T Number](x T) T { return apply(x, math.Tanh, cmplx.Tanh) }

// Exp is e^x.
func Exp[T Number](x T) T { return apply(x, math.Exp, cmplx.Exp) }

// Log is the natural logarithm; on complex128 the principal branch.
func Log[T Number](x T) T { return apply(x, math.Log, cmplx.Log) }

// Sqrt is the square root; on complex128 the principal branch.
func Sqrt[T Number](x T) T { return apply(x, math.Sqrt, cmplx.Sqrt) }

// apply is the one dispatch of the elementary functions above: real on float64, its analytic
// continuation on complex128.
func apply[T Number](x T, real func(float64) float64, cplx func(complex128) complex128) T {
	if v, ok := any(x).(complex128); ok {
		return any(cplx(v)).(T)
	}
	return any(real(any(x).(float64))).(T)
}

// Pow is x^y.
func Pow[T Number](x, y T) T {
	switch v := any(x).(type) {
	case complex128:
		return any(cmplx.Pow(v, any(y).(complex128))).(T)
	default:
		return any(math.Pow(any(x).(float64), any(y).(float64))).(T)
	}
}

// Abs is |x| on float64. On complex128 it is the complex-step convention x·sign(Re x), which is
// analytic away from Re x = 0 and so carries the correct derivative.
func Abs[T Number](x T) T {
	if Re(x) < 0 {
		return -x
	}
	return x
}
