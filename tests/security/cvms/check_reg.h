/* check_reg.h - CHECK creg, n, s (assembly): if creg is tagged, its bounds must lie in our
 * slot [SELF_BASE, SELF_BASE + 1 GiB); otherwise t0 <- n and jump to `leak`. s = scratch.
 * Used by leak.h (after a return) and leak_into_handler.S (at a callee's entry). */
.macro CHECK r, n, s
	cgettag \s, \r
	beqz \s, .Lok\@
	cgetbase \s, \r
	srli \s, \s, 30
	addi \s, \s, -SELF_ID
	bnez \s, .Lbad\@
	cgettop \s, \r
	addi \s, \s, -1
	srli \s, \s, 30
	addi \s, \s, -SELF_ID
	beqz \s, .Lok\@
.Lbad\@:
	li t0, \n
	j leak
.Lok\@:
.endm

