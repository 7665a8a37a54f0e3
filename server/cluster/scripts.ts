import { Script } from "./script";

/**
 * The Lua scripts behind the cluster-wide presence and viewer stores. Each runs atomically in Redis,
 * so two nodes acting on one user or video at once (a reload landing on another node, two nodes
 * cleaning up after a dead one) cannot interleave. Times come from Redis (`TIME`), so nodes with
 * skewed clocks agree. Keys (all under `ll:`; one Redis, not Redis Cluster: the scripts touch keys
 * they compute):
 *
 * - `ll:nodes`            zset node id -> last heartbeat (ms)
 * - `ll:n:<node>`         set of what a node registered: `p|<user>|<socket>`, `v|<video>|<user>|<socket>`
 * - `ll:p:s:<user>`       hash socket -> `<node>|<1 active, 0 hidden or idle>`
 * - `ll:p:st:<user>`      hash status (online | away), since (ms, when this stretch online began), lastSeen (ms); absent: offline
 * - `ll:p:online`         set of users with a status
 * - `ll:p:due`            zset user -> when to go offline (no socket left; the grace period)
 * - `ll:v:s:<video>`      hash socket -> `<node>|<user>`
 * - `ll:v:u:<video>`      hash user -> sockets watching (distinct users: its length)
 * - `ll:v:t:<video>`      the throttle: exists while a count was sent less than an interval ago
 * - `ll:v:due`            zset video -> when its next count may be sent
 */
const PRELUDE = `
local P = 'll:'
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function owned(value, node)
  return value and string.sub(value, 1, #node + 1) == node .. '|'
end
local function status_of(user)
  local vals = redis.call('HVALS', P .. 'p:s:' .. user)
  if #vals == 0 then return nil end
  for _, v in ipairs(vals) do
    if string.sub(v, -1) == '1' then return 'online' end
  end
  return 'away'
end
-- The status the user's sockets imply; returns {user, status, lastSeen} when it changed.
local function settle(user, now, grace)
  local st = P .. 'p:st:' .. user
  local new = status_of(user)
  if new == nil then
    if redis.call('EXISTS', st) == 1 then redis.call('ZADD', P .. 'p:due', 'NX', now + grace, user) end
    return nil
  end
  redis.call('ZREM', P .. 'p:due', user)
  local old = redis.call('HGET', st, 'status')
  if old == new then return nil end
  redis.call('HSET', st, 'status', new)
  if not old then redis.call('HSET', st, 'since', now) end
  redis.call('SADD', P .. 'p:online', user)
  return {user, new, redis.call('HGET', st, 'lastSeen') or ''}
end
local function viewer_join(video, user, sock, node)
  local s = P .. 'v:s:' .. video
  local entry = 'v|' .. video .. '|' .. user .. '|' .. sock
  local cur = redis.call('HGET', s, sock)
  redis.call('HSET', s, sock, node .. '|' .. user)
  redis.call('SADD', P .. 'n:' .. node, entry)
  if cur then
    local old = string.match(cur, '^([^|]*)|')
    if old and old ~= node then redis.call('SREM', P .. 'n:' .. old, entry) end
    return false
  end
  return redis.call('HINCRBY', P .. 'v:u:' .. video, user, 1) == 1
end
local function viewer_leave(video, user, sock, node)
  local s = P .. 'v:s:' .. video
  redis.call('SREM', P .. 'n:' .. node, 'v|' .. video .. '|' .. user .. '|' .. sock)
  if redis.call('HGET', s, sock) ~= node .. '|' .. user then return false end
  redis.call('HDEL', s, sock)
  local u = P .. 'v:u:' .. video
  if redis.call('HINCRBY', u, user, -1) <= 0 then
    redis.call('HDEL', u, user)
    return true
  end
  return false
end
-- A changed count: the count to send now (throttle free), or -1 with the wait (a send is due then).
local function mark(video, now, interval)
  local t = P .. 'v:t:' .. video
  if redis.call('SET', t, '1', 'NX', 'PX', interval) then
    redis.call('ZREM', P .. 'v:due', video)
    return {redis.call('HLEN', P .. 'v:u:' .. video), 0}
  end
  local wait = math.max(redis.call('PTTL', t), 0)
  redis.call('ZADD', P .. 'v:due', 'NX', now + wait, video)
  return {-1, wait}
end
`;

const script = (body: string) => new Script(PRELUDE + body);

/** ARGV user, socket, node, grace -> {} or {user, status, lastSeen} */
export const presenceConnect = script(`
local user, sock, node, grace = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local now = now_ms()
redis.call('HSET', P .. 'p:s:' .. user, sock, node .. '|1')
redis.call('SADD', P .. 'n:' .. node, 'p|' .. user .. '|' .. sock)
redis.call('HSET', P .. 'p:st:' .. user, 'lastSeen', now)
return settle(user, now, grace) or {}
`);

/** ARGV user, socket, node, active (1|0), grace */
export const presenceSetActive = script(`
local user, sock, node, active, grace = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local key = P .. 'p:s:' .. user
if not owned(redis.call('HGET', key, sock), node) then return {} end
redis.call('HSET', key, sock, node .. '|' .. active)
return settle(user, now_ms(), grace) or {}
`);

/** ARGV user, socket, node, grace: the socket is gone (ignored when it has moved to another node since). */
export const presenceDisconnect = script(`
local user, sock, node, grace = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local key = P .. 'p:s:' .. user
redis.call('SREM', P .. 'n:' .. node, 'p|' .. user .. '|' .. sock)
if not owned(redis.call('HGET', key, sock), node) then return {} end
redis.call('HDEL', key, sock)
return settle(user, now_ms(), grace) or {}
`);

/** -> {now, user...}: the users whose grace period ended with no socket anywhere; each is returned to one caller only. */
export const presenceExpire = script(`
local now = now_ms()
local out = {tostring(now)}
for _, user in ipairs(redis.call('ZRANGEBYSCORE', P .. 'p:due', '-inf', now, 'LIMIT', 0, 500)) do
  redis.call('ZREM', P .. 'p:due', user)
  if redis.call('HLEN', P .. 'p:s:' .. user) == 0 and redis.call('DEL', P .. 'p:st:' .. user) == 1 then
    redis.call('SREM', P .. 'p:online', user)
    table.insert(out, user)
  end
end
return out
`);

/**
 * ARGV video, user, socket, node, interval, joining (1 join, 0 leave) -> {count, send (count to send
 * now, -1 later, -2 unchanged), wait}
 */
export const viewerChange = script(`
local video, user, sock, node, interval = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local changed
if ARGV[6] == '1' then changed = viewer_join(video, user, sock, node) else changed = viewer_leave(video, user, sock, node) end
local count = redis.call('HLEN', P .. 'v:u:' .. video)
if not changed then return {count, -2, 0} end
local m = mark(video, now_ms(), interval)
return {count, m[1], m[2]}
`);

/** ARGV interval -> {video, count, ...}: the counts due now, each claimed by one caller. */
export const viewerFlush = script(`
local interval = tonumber(ARGV[1])
local now = now_ms()
local out = {}
for _, video in ipairs(redis.call('ZRANGEBYSCORE', P .. 'v:due', '-inf', now, 'LIMIT', 0, 500)) do
  local t = P .. 'v:t:' .. video
  if redis.call('SET', t, '1', 'NX', 'PX', interval) then
    redis.call('ZREM', P .. 'v:due', video)
    table.insert(out, video)
    table.insert(out, redis.call('HLEN', P .. 'v:u:' .. video))
  else
    redis.call('ZADD', P .. 'v:due', now + math.max(redis.call('PTTL', t), 0), video)
  end
end
return out
`);

/** ARGV node -> 1 when the node was registered, 0 when it was not (first beat, reaped, or Redis lost its data). */
export const heartbeat = script(`
local node = ARGV[1]
local seen = redis.call('ZSCORE', P .. 'nodes', node)
redis.call('ZADD', P .. 'nodes', now_ms(), node)
return seen and 1 or 0
`);

/**
 * ARGV deadAfterMs, grace, [node] -> {{user, status, lastSeen}..., videos}: removes what nodes silent
 * for deadAfterMs registered (or, with a node id, what that node registered: its clean shutdown); users
 * left with no socket go offline after \`grace\`, videos whose count changed are due at once (viewerFlush). A
 * node is taken out of \`ll:nodes\` first, in the same script, so a second caller finds nothing to do.
 */
export const reapNodes = script(`
local deadAfter, grace, only = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
local now = now_ms()
local nodes
if only then nodes = {only} else nodes = redis.call('ZRANGEBYSCORE', P .. 'nodes', '-inf', now - deadAfter) end
local changes, videos, seen = {}, {}, {}
for _, node in ipairs(nodes) do
  redis.call('ZREM', P .. 'nodes', node)
  local set = P .. 'n:' .. node
  for _, e in ipairs(redis.call('SMEMBERS', set)) do
    local parts = {}
    for part in string.gmatch(e, '[^|]+') do table.insert(parts, part) end
    if parts[1] == 'p' then
      local key = P .. 'p:s:' .. parts[2]
      if owned(redis.call('HGET', key, parts[3]), node) then
        redis.call('HDEL', key, parts[3])
        local c = settle(parts[2], now, grace)
        if c then table.insert(changes, c) end
      end
    elseif parts[1] == 'v' then
      if viewer_leave(parts[2], parts[3], parts[4], node) and not seen[parts[2]] then
        seen[parts[2]] = true
        redis.call('ZADD', P .. 'v:due', 'NX', now, parts[2])
        table.insert(videos, parts[2])
      end
    end
  end
  redis.call('DEL', set)
end
return {changes, videos}
`);
