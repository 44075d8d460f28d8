-- files.lua: file I/O in a mount (/data, tests/lua/run.sh): read an input file line by line,
-- write a report, append to it, seek, rename, remove, and errors for paths outside the mount.
local total, n = 0, 0
for line in io.lines("/data/numbers.txt") do
  total = total + tonumber(line)
  n = n + 1
end
print(string.format("numbers: %d lines, sum %d", n, total))

local f = assert(io.open("/data/report.txt", "w"))
f:write("count ", n, "\n", "sum ", total, "\n")
f:close()
f = assert(io.open("/data/report.txt", "a"))
f:write("mean ", string.format("%.2f", total / n), "\n")
f:close()

f = assert(io.open("/data/report.txt", "r"))
local all = f:read("a")
print("size", f:seek("end"))
f:seek("set", 6)
print("at 6:", f:read("l"))
f:close()
io.write(all)

assert(os.rename("/data/report.txt", "/data/final.txt"))
print("old name:", io.open("/data/report.txt", "r") == nil)
local tmp = assert(io.open("/data/scratch.tmp", "w")); tmp:write("x"); tmp:close()
print("remove:", os.remove("/data/scratch.tmp"))
print("removed:", select(2, io.open("/data/scratch.tmp")))

-- outside the mount: nothing there
print("passwd:", select(2, io.open("/etc/passwd")))
print("escape:", select(2, io.open("/data/../../etc/passwd")))
print("ro:", select(2, io.open("/ro/new.txt", "w")))
for line in io.lines("/ro/readme.txt") do print("ro line:", line) end
