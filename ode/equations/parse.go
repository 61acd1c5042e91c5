package equations

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxDepth bounds the nesting of an expression, so a hostile input cannot exhaust the stack of
// the recursive-descent parser.
const maxDepth = 200

// SyntaxError is a problem in one expression, at a 1-based column (in characters).
type SyntaxError struct {
	Col int
	Msg string
}

// Error gives the column and the problem.
func (e *SyntaxError) Error() string { return fmt.Sprintf("column %d: %s", e.Col, e.Msg) }

// nodeKind says what an expression node is.
type nodeKind uint8

const (
	nodeNum  nodeKind = iota // a constant, val
	nodeVar                  // an input, idx
	nodeNeg                  // unary minus of args[0]
	nodeBin                  // args[0] op args[1], op one of + - * / ^
	nodeCall                 // fn(args...)
)

// node is a parsed (and later folded) expression tree.
type node struct {
	kind nodeKind
	op   byte
	fn   fnID
	val  float64
	idx  int
	args []*node
	col  int
}

// fnID names a built-in function.
type fnID uint8

const (
	fnSin fnID = iota
	fnCos
	fnTan
	fnExp
	fnLog
	fnSqrt
	fnAbs
	fnTanh
	fnPow
	nFuncs
)

var funcNames = [nFuncs]string{"sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "pow"}

// arity of each function: pow takes two arguments, the rest one.
func (f fnID) arity() int {
	if f == fnPow {
		return 2
	}
	return 1
}

func lookupFunc(name string) (fnID, bool) {
	for i, n := range funcNames {
		if n == name {
			return fnID(i), true
		}
	}
	return 0, false
}

// Reserved reports whether a name is taken by the language (a function, pi or t), so it
// cannot name a state or a parameter.
func Reserved(name string) bool {
	_, fn := lookupFunc(name)
	return fn || name == "pi" || name == "t"
}

// tokKind is a lexical token's kind.
type tokKind uint8

const (
	tokEOF tokKind = iota
	tokNum
	tokIdent
	tokOp // one of + - * / ^ ( ) ,
)

type token struct {
	kind tokKind
	text string
	val  float64
	col  int // 1-based, in characters
}

// parser is a recursive-descent parser over one expression.
type parser struct {
	src   string
	pos   int // byte offset of the next unread character
	tok   token
	vars  map[string]int
	names []string // valid identifiers, for error messages
	depth int
}

// parse reads one expression whose identifiers are t, pi, the functions and vars (name →
// input index).
func parse(src string, vars map[string]int, names []string) (*node, error) {
	p := &parser{src: src, vars: vars, names: names}
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.tok.kind == tokEOF {
		return nil, &SyntaxError{Col: 1, Msg: "empty expression"}
	}
	n, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.errorf("unexpected %s after a complete expression", p.tok.describe())
	}
	return n, nil
}

func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of expression"
	case tokNum:
		return "number " + t.text
	case tokIdent:
		return "name " + strconv.Quote(t.text)
	}
	return strconv.Quote(t.text)
}

func (p *parser) errorf(format string, args ...any) error {
	return &SyntaxError{Col: p.tok.col, Msg: fmt.Sprintf(format, args...)}
}

// column converts a byte offset to a 1-based character column.
func (p *parser) column(off int) int { return utf8.RuneCountInString(p.src[:off]) + 1 }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// next reads the next token into p.tok.
func (p *parser) next() error {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t' || p.src[p.pos] == '\n' || p.src[p.pos] == '\r') {
		p.pos++
	}
	start := p.pos
	col := p.column(start)
	if p.pos == len(p.src) {
		p.tok = token{kind: tokEOF, col: col}
		return nil
	}
	c := p.src[p.pos]
	switch {
	case isDigit(c) || (c == '.' && p.pos+1 < len(p.src) && isDigit(p.src[p.pos+1])):
		for p.pos < len(p.src) && (isDigit(p.src[p.pos]) || p.src[p.pos] == '.') {
			p.pos++
		}
		if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
			q := p.pos + 1
			if q < len(p.src) && (p.src[q] == '+' || p.src[q] == '-') {
				q++
			}
			if q < len(p.src) && isDigit(p.src[q]) {
				for q < len(p.src) && isDigit(p.src[q]) {
					q++
				}
				p.pos = q
			}
		}
		text := p.src[start:p.pos]
		v, err := strconv.ParseFloat(text, 64)
		if err != nil {
			p.tok = token{col: col}
			return p.errorf("malformed number %q", text)
		}
		p.tok = token{kind: tokNum, text: text, val: v, col: col}
	case isIdentStart(c):
		for p.pos < len(p.src) && (isIdentStart(p.src[p.pos]) || isDigit(p.src[p.pos])) {
			p.pos++
		}
		p.tok = token{kind: tokIdent, text: p.src[start:p.pos], col: col}
	case strings.IndexByte("+-*/^(),", c) >= 0:
		p.pos++
		p.tok = token{kind: tokOp, text: p.src[start:p.pos], col: col}
	default:
		r, _ := utf8.DecodeRuneInString(p.src[start:])
		p.tok = token{col: col}
		return p.errorf("unexpected character %q (operators are + - * / ^)", r)
	}
	return nil
}

func (p *parser) isOp(s string) bool { return p.tok.kind == tokOp && p.tok.text == s }

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return p.errorf("expression nested more than %d deep", maxDepth)
	}
	return nil
}

// expr := term (('+' | '-') term)*
func (p *parser) expr() (*node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	return p.leftAssoc(p.term, "+", "-")
}

// term := unary (('*' | '/') unary)*
func (p *parser) term() (*node, error) {
	return p.leftAssoc(p.unary, "*", "/")
}

// leftAssoc parses operand (op operand)* for the given operators, grouping to the left:
// a - b - c is (a - b) - c.
func (p *parser) leftAssoc(operand func() (*node, error), ops ...string) (*node, error) {
	left, err := operand()
	if err != nil {
		return nil, err
	}
	for slices.ContainsFunc(ops, p.isOp) {
		op, col := p.tok.text[0], p.tok.col
		if err := p.next(); err != nil {
			return nil, err
		}
		right, err := operand()
		if err != nil {
			return nil, err
		}
		left = &node{kind: nodeBin, op: op, args: []*node{left, right}, col: col}
	}
	return left, nil
}

// unary := ('-' | '+') unary | power. Minus binds looser than ^, so -x^2 is -(x^2).
func (p *parser) unary() (*node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	if p.isOp("-") || p.isOp("+") {
		neg, col := p.isOp("-"), p.tok.col
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if !neg {
			return x, nil
		}
		return &node{kind: nodeNeg, args: []*node{x}, col: col}, nil
	}
	return p.power()
}

// power := primary ('^' unary)?: right-associative, and the exponent may carry a sign.
func (p *parser) power() (*node, error) {
	base, err := p.primary()
	if err != nil {
		return nil, err
	}
	if !p.isOp("^") {
		return base, nil
	}
	col := p.tok.col
	if err := p.next(); err != nil {
		return nil, err
	}
	exp, err := p.unary()
	if err != nil {
		return nil, err
	}
	return &node{kind: nodeBin, op: '^', args: []*node{base, exp}, col: col}, nil
}

// primary := number | name | function '(' expr (',' expr)* ')' | '(' expr ')'
func (p *parser) primary() (*node, error) {
	t := p.tok
	switch {
	case t.kind == tokNum:
		return &node{kind: nodeNum, val: t.val, col: t.col}, p.next()
	case t.kind == tokIdent:
		if err := p.next(); err != nil {
			return nil, err
		}
		if fn, ok := lookupFunc(t.text); ok {
			return p.call(fn, t)
		}
		if p.isOp("(") {
			return nil, &SyntaxError{Col: t.col, Msg: fmt.Sprintf("unknown function %q (valid: %s)", t.text, strings.Join(funcNames[:], ", "))}
		}
		if t.text == "pi" {
			return &node{kind: nodeNum, val: piValue, col: t.col}, nil
		}
		if i, ok := p.vars[t.text]; ok {
			return &node{kind: nodeVar, idx: i, col: t.col}, nil
		}
		return nil, &SyntaxError{Col: t.col, Msg: fmt.Sprintf("unknown name %q (valid: %s, pi)", t.text, strings.Join(p.names, ", "))}
	case p.isOp("("):
		if err := p.next(); err != nil {
			return nil, err
		}
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		if !p.isOp(")") {
			return nil, p.errorf("missing ) for the ( at column %d, found %s", t.col, p.tok.describe())
		}
		return x, p.next()
	}
	return nil, p.errorf("expected a number, a name or (, found %s", t.describe())
}

// call reads the parenthesised arguments of fn, whose name was token t.
func (p *parser) call(fn fnID, t token) (*node, error) {
	if !p.isOp("(") {
		return nil, &SyntaxError{Col: t.col, Msg: fmt.Sprintf("function %s needs its arguments in parentheses, e.g. %s(x)", t.text, t.text)}
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	n := &node{kind: nodeCall, fn: fn, col: t.col}
	for {
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		n.args = append(n.args, x)
		if p.isOp(",") {
			if err := p.next(); err != nil {
				return nil, err
			}
			continue
		}
		if !p.isOp(")") {
			return nil, p.errorf("missing ) after the arguments of %s, found %s", t.text, p.tok.describe())
		}
		break
	}
	if len(n.args) != fn.arity() {
		return nil, &SyntaxError{Col: t.col, Msg: fmt.Sprintf("%s takes %d argument(s), got %d", t.text, fn.arity(), len(n.args))}
	}
	return n, p.next()
}
