-- sys: the LuatOS scheduler for the emulator. Written from the semantics in
-- reference/luatos-semantics.md §3.2 (not a copy of LuatOS's sys.lua), on
-- the native primitives rtos.timer_start/timer_stop/receive as the firmware
-- layers it. The timer pool lives in Go (native.put/get/del/match/has):
-- gopher-lua tables never shrink their key index, and timer ids climb to
-- 0x7FFFFF, so a Lua-side pool would grow without bound.
local native = ...
local rtos, log, coroutine, debug = rtos, log, coroutine, debug
local unpack, select, type, pairs, ipairs, error = unpack, select, type, pairs, ipairs, error

local sys = {}

local TASK_TIMER_ID_MAX = 0x1FFFFF -- task timers 1..0x1FFFFE
local MSG_TIMER_ID_MAX = 0x7FFFFF  -- message timers 0x200000..0x7FFFFF
local taskTimerId = 0
local msgTimerId = TASK_TIMER_ID_MAX

local function pack(...) return { n = select("#", ...), ... } end

local function outside()
    error(debug.traceback("attempt to yield from outside a coroutine"))
end

-- sys.coresume resumes co; a failing task is logged and, after 500 ms, its
-- error is raised in the main loop (COROUTINE_ERROR_ROLL_BACK), which ends
-- the VM; with ROLL_BACK false and RESTART true the device reboots at once.
function sys.coresume(co, ...)
    local ok, err = coroutine.resume(co, ...)
    if not ok then
        local msg = tostring(err) .. "\r\n" .. debug.traceback(co)
        log.error("coroutine.resume", msg)
        if COROUTINE_ERROR_ROLL_BACK then
            sys.timerStart(assert, 500, false, msg)
        elseif COROUTINE_ERROR_RESTART then
            rtos.reboot()
        end
    end
    return ok, err
end

-- sys.wait(ms): suspend the task; ms < 1 does not yield (the timer cannot
-- start) and logs D/user.rtos.timer_start error.
function sys.wait(ms)
    local co = coroutine.running()
    if co == nil then outside() end
    repeat
        if taskTimerId >= TASK_TIMER_ID_MAX - 1 then taskTimerId = 0 end
        taskTimerId = taskTimerId + 1
    until not native.has(taskTimerId)
    local id = taskTimerId
    if rtos.timer_start(id, ms) ~= 1 then
        log.debug("rtos.timer_start error")
        return
    end
    native.put(id, co)
    local msg = pack(coroutine.yield())
    if msg.n ~= 0 then -- woken by a publish (waitUntil), not the timer
        rtos.timer_stop(id)
        native.del(id)
        return unpack(msg, 1, msg.n)
    end
end

-- waitFor suspends task co until id is published or ms pass (forever
-- without ms); it returns the packed message, empty on timeout.
local function waitFor(co, id, ms)
    sys.subscribe(id, co)
    local msg = ms and pack(sys.wait(ms)) or pack(coroutine.yield())
    sys.unsubscribe(id, co)
    return msg
end

-- sys.waitUntil(id[, ms]) returns true, args... when id is published first,
-- false on timeout. A publish before the call is missed.
function sys.waitUntil(id, ms)
    local co = coroutine.running()
    if co == nil then outside() end
    local msg = waitFor(co, id, ms)
    return msg[1] ~= nil, unpack(msg, 2, msg.n)
end

-- sys.waitUntilExt is waitUntil returning the message id too (LuatOS
-- helper): id, args... or false.
function sys.waitUntilExt(id, ms)
    local co = coroutine.running()
    if co == nil then outside() end
    local msg = waitFor(co, id, ms)
    if msg[1] ~= nil then return unpack(msg, 1, msg.n) end
    return false
end

function sys.taskInit(fn, ...)
    local co = coroutine.create(fn)
    sys.coresume(co, ...)
    return co
end

-- Publish/subscribe. Subscribers of one id are kept in insertion order
-- (the firmware's order is unspecified: a table keyed by callback).
local subscribers = {}
local queue, qhead, qtail = {}, 1, 0

function sys.subscribe(id, callback)
    if type(id) == "table" then
        for _, v in pairs(id) do sys.subscribe(v, callback) end
        return
    end
    if type(callback) ~= "function" and type(callback) ~= "thread" then
        log.warn("warning: sys.subscribe invalid parameter", id, callback)
        return
    end
    local subs = subscribers[id]
    if subs == nil then
        subs = { list = {}, set = {} }
        subscribers[id] = subs
    end
    if not subs.set[callback] then
        subs.set[callback] = true
        subs.list[#subs.list + 1] = callback
    end
end

function sys.unsubscribe(id, callback)
    if type(id) == "table" then
        for _, v in pairs(id) do sys.unsubscribe(v, callback) end
        return
    end
    local subs = subscribers[id]
    if subs == nil or not subs.set[callback] then return end
    subs.set[callback] = nil
    for i, cb in ipairs(subs.list) do
        if cb == callback then table.remove(subs.list, i) break end
    end
    if #subs.list == 0 then subscribers[id] = nil end
end

-- sys.publish queues; delivery happens in the next dispatch, never
-- synchronously.
function sys.publish(...)
    qtail = qtail + 1
    queue[qtail] = pack(...)
end

-- dispatch delivers every queued publish, including those published while
-- it runs.
local function dispatch()
    while qhead <= qtail do
        local m = queue[qhead]
        queue[qhead] = nil
        qhead = qhead + 1
        local subs = subscribers[m[1]]
        if subs then
            local list = { unpack(subs.list) }
            for _, cb in ipairs(list) do
                local cur = subscribers[m[1]]
                if cur and cur.set[cb] then
                    if type(cb) == "function" then
                        cb(unpack(m, 2, m.n))
                    else
                        sys.coresume(cb, unpack(m, 1, m.n))
                    end
                end
            end
        end
    end
    if qtail ~= 0 then queue, qhead, qtail = {}, 1, 0 end
end

-- Message timers.
local function startTimer(fn, ms, rep, ...)
    local args = pack(...)
    for _, id in ipairs(native.match(fn, args)) do
        rtos.timer_stop(id)
        native.del(id)
    end
    repeat
        if msgTimerId >= MSG_TIMER_ID_MAX then msgTimerId = TASK_TIMER_ID_MAX end
        msgTimerId = msgTimerId + 1
    until not native.has(msgTimerId)
    local id = msgTimerId
    if rtos.timer_start(id, ms, rep) ~= 1 then
        log.error("rtos.timer_start", "create fail!!!")
        return nil
    end
    native.put(id, fn, args, rep ~= 0)
    return id
end

function sys.timerStart(fn, ms, ...) return startTimer(fn, ms, 0, ...) end
function sys.timerLoopStart(fn, ms, ...) return startTimer(fn, ms, -1, ...) end

function sys.timerStop(val, ...)
    if type(val) == "number" then
        rtos.timer_stop(val)
        native.del(val)
        return
    end
    for _, id in ipairs(native.match(val, pack(...))) do
        rtos.timer_stop(id)
        native.del(id)
    end
end

function sys.timerStopAll(fn)
    for _, id in ipairs(native.match(fn, nil)) do
        rtos.timer_stop(id)
        native.del(id)
    end
end

function sys.timerIsActive(val, ...)
    if type(val) == "number" then return native.has(val) end
    return #native.match(val, pack(...)) > 0
end

-- Directed task messages (sys.taskInitEx / sendMsg / waitMsg).
local taskList = {}

function sys.taskInitEx(fn, name, cbFun, ...)
    if name == nil then
        log.error("sys", "taskName is nil")
        return
    end
    taskList[name] = { msgs = {}, cb = cbFun }
    return sys.taskInit(fn, ...)
end

function sys.taskDel(name) taskList[name] = nil end

function sys.sendMsg(name, p1, p2, p3, p4)
    local t = taskList[name]
    if t == nil then return false end
    t.msgs[#t.msgs + 1] = { p1, p2, p3, p4 }
    sys.publish(name)
    return true
end

function sys.cleanMsg(name)
    local t = taskList[name]
    if t then t.msgs = {} end
end

-- sys.waitMsg(name, target, ms): the next message whose [1] == target (any
-- when target is nil); others go to the task's cbFun or are dropped (as on
-- the device); nil on timeout; false when name is not a taskInitEx task.
function sys.waitMsg(name, target, ms)
    local t = taskList[name]
    if t == nil then
        log.error("sys", "sys.waitMsg: task " .. tostring(name) .. " was not created by sys.taskInitEx")
        return false
    end
    local deadline = ms and ms > 0 and native.now() + ms
    while true do
        while #t.msgs > 0 do
            local m = table.remove(t.msgs, 1)
            if target == nil or m[1] == target then return m end
            if t.cb then t.cb(m) end
        end
        local ok
        if deadline then
            local left = deadline - native.now()
            if left < 1 then return nil end
            ok = sys.waitUntil(name, left)
        else
            ok = sys.waitUntil(name)
        end
        if not ok then return nil end
    end
end

-- The main loop: dispatch all publishes, then one message.
local function safeRun()
    dispatch()
    local kind, id = rtos.receive(rtos.INF_TIMEOUT)
    if kind ~= rtos.MSG_TIMER then return end
    local h, args, loop = native.get(id)
    if h == nil then return end
    if id <= TASK_TIMER_ID_MAX then
        native.del(id)
        sys.coresume(h)
        return
    end
    if not loop then native.del(id) end
    h(unpack(args, 1, args.n))
end
sys.safeRun = safeRun

function sys.run()
    if _G.SYSP then return end
    while true do safeRun() end
end

function sys.restart() rtos.reboot() end

_G.sys_pub = sys.publish
_G.sys_send = sys.sendMsg
_G.sys_wait = sys.waitMsg
COROUTINE_ERROR_ROLL_BACK = true
COROUTINE_ERROR_RESTART = true

return sys
