/* interp.c - a small stack bytecode interpreter (switch dispatch) running a program that
 * sums f(i) = (i*i) mod 7919 + fib-like mixing for i < 1,500,000; checksum = the result. */
#include "bench.h"

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, MOD, XOR, DUP, JNZ, JMP, LT, HALT };

/* locals: 0 = i, 1 = acc, 2 = a, 3 = b, 4 = limit */
static const int32_t prog[] = {
	PUSH, 0, STORE, 0,              /* i = 0 */
	PUSH, 0, STORE, 1,              /* acc = 0 */
	PUSH, 1, STORE, 2,              /* a = 1 */
	PUSH, 1, STORE, 3,              /* b = 1 */
	PUSH, 1500000, STORE, 4,         /* limit */
	/* loop (pc 20): */
	LOAD, 0, DUP, MUL, PUSH, 7919, MOD, /* i*i % 7919 */
	LOAD, 1, ADD, STORE, 1,         /* acc += ... */
	LOAD, 2, LOAD, 3, ADD, PUSH, 1000003, MOD, /* t = (a+b) % 1000003 */
	LOAD, 3, STORE, 2, STORE, 3,    /* a = b; b = t */
	LOAD, 1, LOAD, 3, XOR, STORE, 1, /* acc ^= b */
	LOAD, 0, PUSH, 1, ADD, DUP, STORE, 0, /* ++i */
	LOAD, 4, LT, JNZ, 20,           /* if (i < limit) goto loop */
	LOAD, 1, HALT,
};

static int64_t run(const int32_t *code)
{
	int64_t stack[64], locals[8] = {0};
	int sp = 0, pc = 0;
	for (;;) {
		int32_t op = code[pc++];
		switch (op) {
		case PUSH: stack[sp++] = code[pc++]; break;
		case LOAD: stack[sp++] = locals[code[pc++]]; break;
		case STORE: locals[code[pc++]] = stack[--sp]; break;
		case ADD: sp--; stack[sp - 1] += stack[sp]; break;
		case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
		case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
		case MOD: sp--; stack[sp - 1] %= stack[sp]; break;
		case XOR: sp--; stack[sp - 1] ^= stack[sp]; break;
		case DUP: stack[sp] = stack[sp - 1]; sp++; break;
		case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
		case JNZ: { int32_t t = code[pc++]; if (stack[--sp]) pc = t; break; }
		case JMP: pc = code[pc]; break;
		case HALT: return stack[sp - 1];
		default: return -1;
		}
	}
}

int main(void)
{
	bench_result("interp", (uint64_t)run(prog));
	return 0;
}
