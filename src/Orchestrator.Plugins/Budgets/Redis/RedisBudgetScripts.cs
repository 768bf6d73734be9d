namespace Orchestrator.Plugins.Budgets.Redis;

/// <summary>
/// The Lua scripts of the Redis ledger, one per operation so each is atomic. Every key an operation touches carries
/// the ledger's hash tag (<c>{prefix}</c>), so all of them live in one slot and the scripts run on Redis Cluster.
/// Money is integer micro-dollars. The caller passes "now" (its TimeProvider), so periods and expiry are testable.
/// </summary>
internal static class RedisBudgetScripts
{
    // Releases holds whose time to live has passed. KEYS[1] is the expiry index; reservation records and pool buckets
    // are derived from it and share its hash tag (same slot).
    private const string Purge = """
        local function purge(idx, prefix, now)
          local ids = redis.call('ZRANGEBYSCORE', idx, '-inf', now, 'LIMIT', 0, 1000)
          for _, id in ipairs(ids) do
            local rk = prefix .. 'res:' .. id
            local r = redis.call('HMGET', rk, 'state', 'amount', 'pools')
            if r[1] == 'reserved' then
              for pool in string.gmatch(r[3], '[^\n]+') do
                redis.call('HINCRBY', pool, 'reserved', -tonumber(r[2]))
              end
              redis.call('HSET', rk, 'state', 'expired')
            end
            redis.call('ZREM', idx, id)
          end
        end

        """;

    /// <summary>
    /// KEYS: expiry index, reservation, limits hash, pool buckets. ARGV: now, expires, amount, record ttl, prefix, id,
    /// then per pool: its id, its everyone id ('' for none), the configured named cap, the configured everyone cap (-1
    /// for none), and when its bucket expires if the pool is unlimited (Unix ms). The cap in force is the limits hash's
    /// entry for the pool, else the configured named cap, else the hash's everyone entry, else the configured everyone
    /// cap, else none: read here, in the same atomic step as the check. Returns {1} or {0, i, spent, reserved, cap}.
    /// </summary>
    public const string Reserve = Purge + """
        purge(KEYS[1], ARGV[5], ARGV[1])
        if redis.call('EXISTS', KEYS[2]) == 1 then return {1} end
        local amount = tonumber(ARGV[3])
        local n = #KEYS - 3
        local caps = {}
        for i = 1, n do
          local a = 6 + (i - 1) * 5
          local cap = redis.call('HGET', KEYS[3], ARGV[a + 1])
          if cap then cap = tonumber(cap)
          elseif tonumber(ARGV[a + 3]) >= 0 then cap = tonumber(ARGV[a + 3])
          else
            if ARGV[a + 2] ~= '' then cap = redis.call('HGET', KEYS[3], ARGV[a + 2]) end
            if cap then cap = tonumber(cap) else cap = tonumber(ARGV[a + 4]) end
          end
          caps[i] = cap
          if cap >= 0 and amount > 0 then
            local v = redis.call('HMGET', KEYS[3 + i], 'spent', 'reserved')
            local spent = tonumber(v[1] or '0')
            local reserved = tonumber(v[2] or '0')
            if spent + reserved + amount > cap then
              return {0, i, spent, reserved, cap}
            end
          end
        end
        local pools = {}
        for i = 1, n do
          local key = KEYS[3 + i]
          redis.call('HINCRBY', key, 'reserved', amount)
          if caps[i] >= 0 then
            redis.call('HSET', key, 'limit', caps[i])
            redis.call('PERSIST', key)
          else
            redis.call('HDEL', key, 'limit')
            redis.call('PEXPIREAT', key, ARGV[6 + (i - 1) * 5 + 5])
          end
          pools[i] = key
        end
        redis.call('HSET', KEYS[2], 'state', 'reserved', 'amount', amount, 'pools', table.concat(pools, '\n'))
        redis.call('PEXPIRE', KEYS[2], ARGV[4])
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[6])
        return {1}
        """;

    /// <summary>
    /// KEYS: expiry index, reservation. ARGV: now, actual, prefix, id, final state. Returns {-1} unknown, {0} already
    /// applied, or {1, bucket, from level, to level, spent, limit, ...} for each alert level crossed.
    /// </summary>
    public const string Settle = Purge + """
        purge(KEYS[1], ARGV[3], ARGV[1])
        local r = redis.call('HMGET', KEYS[2], 'state', 'amount', 'pools')
        if not r[1] then return {-1} end
        if r[1] == 'settled' or r[1] == 'released' then return {0} end
        local actual = tonumber(ARGV[2])
        local held = 0
        if r[1] == 'reserved' then held = tonumber(r[2]) end
        local out = {1}
        for pool in string.gmatch(r[3], '[^\n]+') do
          if held > 0 then redis.call('HINCRBY', pool, 'reserved', -held) end
          if actual > 0 then
            local spent = redis.call('HINCRBY', pool, 'spent', actual)
            local v = redis.call('HMGET', pool, 'limit', 'alerted')
            local limit = tonumber(v[1] or '0')
            local alerted = tonumber(v[2] or '0')
            local level = 0
            if limit > 0 then
              if spent * 100 >= limit * 95 then level = 3
              elseif spent * 100 >= limit * 90 then level = 2
              elseif spent * 100 >= limit * 80 then level = 1 end
            end
            if level > alerted then
              redis.call('HSET', pool, 'alerted', level)
              table.insert(out, pool)
              table.insert(out, alerted)
              table.insert(out, level)
              table.insert(out, spent)
              table.insert(out, limit)
            end
          end
        end
        redis.call('HSET', KEYS[2], 'state', ARGV[5], 'settled', actual)
        redis.call('ZREM', KEYS[1], ARGV[4])
        return out
        """;

    /// <summary>KEYS: expiry index, pool buckets. ARGV: now, prefix. Returns spent and reserved per bucket.</summary>
    public const string Read = Purge + """
        purge(KEYS[1], ARGV[2], ARGV[1])
        local out = {}
        for i = 2, #KEYS do
          local v = redis.call('HMGET', KEYS[i], 'spent', 'reserved')
          table.insert(out, tonumber(v[1] or '0'))
          table.insert(out, tonumber(v[2] or '0'))
        end
        return out
        """;
}
