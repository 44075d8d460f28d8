-- script.lua - run by Lua 5.4 built from Debian's source package, in a hybrid cVM (tests/lua)
local t = {}
for i = 1, 10 do t[#t + 1] = i * i end
print("squares", table.concat(t, ","))
local sum = 0
for _, v in ipairs(t) do sum = sum + v end
print("sum", sum)

local words = {}
for w in string.gmatch("the quick brown fox jumps over the lazy dog", "%a+") do
  words[w] = (words[w] or 0) + 1
end
local keys = {}
for k in pairs(words) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(k, "=", words[k], " ") end
print()

local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
c1(); c1()
print("closures", c1(), c2())

print(string.format("format %5.2f|%-6s|%04d|%x|%q", math.pi, "ab", 42, 255, "a\"b"))
print("upper", string.upper("hybrid cVM"), ("x"):rep(5), #"hello")
print("gsub", (string.gsub("hello world", "o", "0")))

local fib = {}
local function f(n) if n < 2 then return n end; fib[n] = fib[n] or f(n - 1) + f(n - 2); return fib[n] end
print("fib(80)", f(80))
print("integer division", 7 // 2, 7 % 3, 2 ^ 10, math.maxinteger)

local t0 = os.time()
print("os.time sane", t0 > 1700000000, os.time({year = 2024, month = 1, day = 1, hour = 12}) ~= nil)
print("os.clock", os.clock() >= 0)
local co = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i * 10) end end)
print("coroutine", co(), co(), co())
local ok, err = pcall(function() error({code = 7}) end)
print("pcall", ok, err.code)
io.stderr:write("to stderr\n")
os.exit(5)
