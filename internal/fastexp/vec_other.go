//go:build !amd64 || purego

package fastexp

import "github.com/warpkit/warpkit/internal/cpu"

// Without the assembly every element goes through the scalar loops, whatever the kernel.
var vecAVX2 = false

func vecFor(cpu.Kernel) bool { return false }

func expVec([]float64) int          { return 0 }
func recipOnePlusVec([]float64) int { return 0 }
func tanhFromExpVec([]float64) int  { return 0 }
