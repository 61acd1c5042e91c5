package gemm_test

import (
	"fmt"

	"github.com/warpkit/warpkit/internal/gemm"
)

// A 2×3 matrix times the transpose of a 2×3 matrix, accumulated onto C.
func ExampleDgemm() {
	a := []float64{
		1, 2, 3,
		4, 5, 6,
	}
	b := []float64{ // used transposed: op(B) is 3×2
		1, 0, 1,
		0, 1, 0,
	}
	c := []float64{
		100, 100,
		100, 100,
	}
	gemm.Dgemm(false, true, 2, 2, 3, 1, a, 3, b, 3, 1, c, 2)
	fmt.Println(c)
	// Output: [104 102 110 105]
}

// Check reports inconsistent arguments as an error instead of the panic Dgemm raises.
func ExampleCheck() {
	a, b, c := make([]float64, 6), make([]float64, 6), make([]float64, 4)
	err := gemm.Check(false, false, 2, 2, 3, a, 2, b, 2, c, 2)
	fmt.Println(err)
	// Output: gemm: lda=2 < 3 columns of A: inconsistent matrix arguments
}
