//go:build !amd64 || purego

package rnn

import "github.com/warpkit/warpkit/internal/cpu"

// Without the assembly every element goes through the scalar loops, whatever the kernel.
var vecAVX2 = false

func vecFor(cpu.Kernel) bool { return false }

func lstmBackVec(_, _, _, _, _, _ []float64) int { return 0 }
func gruBackVec(_, _, _, _, _ []float64) int     { return 0 }
