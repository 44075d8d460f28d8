# tests/lua: Lua 5.4 from Debian's source package (scripts/lua-src.sh: apt-get source, built
# static for riscv64 under build/guest/lua, cached) runs tests/lua/script.lua in a hybrid cVM.
TEST_SUITES += lua=tests/lua/run.sh\ $(O)/intravisor\ $(G)
