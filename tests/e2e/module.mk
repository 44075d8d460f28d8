include tests/e2e/bad/badinput.mk
