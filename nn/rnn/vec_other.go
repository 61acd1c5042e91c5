//go:build !amd64 || purego

package rnn

// Without the assembly every element goes through the scalar loops.

func lstmBackVec(_, _, _, _, _, _ []float64) int { return 0 }
func gruBackVec(_, _, _, _, _ []float64) int     { return 0 }
