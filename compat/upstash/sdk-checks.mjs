// The SDK calls checked against the server, under the client configuration
// named by COLDWIRE_SDK_CONFIG. Started by sdk.test.mjs with
// NODE_EXTRA_CA_CERTS, UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN set.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "@upstash/redis";

const config = process.env.COLDWIRE_SDK_CONFIG ?? "default";
const options = {
  default: {},
  "enableAutoPipelining: false": { enableAutoPipelining: false },
  "responseEncoding: false": { responseEncoding: false },
}[config];
assert.ok(options, `unknown COLDWIRE_SDK_CONFIG ${config}`);

const redis = new Redis({
  url: process.env.UPSTASH_REDIS_REST_URL,
  token: process.env.UPSTASH_REDIS_REST_TOKEN,
  retry: false,
  ...options,
});
// Every configuration runs against the same database: keep keys apart.
const k = (name) => `${config}:${name}`;

test("set with expiry, then the key really expires", async () => {
  assert.equal(await redis.set(k("session"), "alive", { px: 400 }), "OK");
  assert.equal(await redis.get(k("session")), "alive");
  const ttl = await redis.pttl(k("session"));
  assert.ok(ttl > 0 && ttl <= 400, `pttl ${ttl}`);
  await sleep(900);
  assert.equal(await redis.get(k("session")), null);
});

test("get returns strings, JSON values and null", async () => {
  await redis.set(k("greeting"), "héllo, wörld ✓");
  assert.equal(await redis.get(k("greeting")), "héllo, wörld ✓");
  await redis.set(k("obj"), { a: 1, b: ["x", "OK"] });
  assert.deepEqual(await redis.get(k("obj")), { a: 1, b: ["x", "OK"] });
  assert.equal(await redis.get(k("missing")), null);
});

test("status replies other than OK survive the encoding", async () => {
  await redis.set(k("typed"), "v");
  assert.equal(await redis.type(k("typed")), "string");
  assert.equal(await redis.ping(), "PONG");
});

test("incr and incrby", async () => {
  assert.equal(await redis.incr(k("counter")), 1);
  assert.equal(await redis.incrby(k("counter"), 41), 42);
  assert.equal(await redis.incrbyfloat(k("counter"), 0.5), 42.5);
});

test("hset and hgetall", async () => {
  assert.equal(await redis.hset(k("user"), { name: "ada", visits: 3 }), 2);
  assert.deepEqual(await redis.hgetall(k("user")), { name: "ada", visits: 3 });
  assert.equal(await redis.hget(k("user"), "name"), "ada");
  assert.equal(await redis.hgetall(k("nouser")), null);
});

test("lists, with a raw OK inside an array", async () => {
  assert.equal(await redis.rpush(k("list"), "a", "OK", "c"), 3);
  assert.equal(await redis.lpush(k("list"), "z"), 4);
  assert.deepEqual(await redis.lrange(k("list"), 0, -1), ["z", "a", "OK", "c"]);
  assert.equal(await redis.lpop(k("list")), "z");
  assert.equal(await redis.llen(k("list")), 3);
});

test("sorted sets", async () => {
  assert.equal(await redis.zadd(k("board"), { score: 3, member: "c" }, { score: 1.5, member: "a" }), 2);
  assert.deepEqual(await redis.zrange(k("board"), 0, -1), ["a", "c"]);
  assert.deepEqual(await redis.zrange(k("board"), 0, -1, { withScores: true }), ["a", 1.5, "c", 3]);
  assert.equal(await redis.zscore(k("board"), "a"), 1.5);
  assert.equal(await redis.zrank(k("board"), "c"), 1);
});

test("a pipeline", async () => {
  const res = await redis
    .pipeline()
    .set(k("p"), "1")
    .incr(k("p"))
    .get(k("p"))
    .hset(k("ph"), { f: "v" })
    .hgetall(k("ph"))
    .exec();
  assert.deepEqual(res, ["OK", 2, 2, 1, { f: "v" }]);
});

test("multi/exec runs atomically", async () => {
  const res = await redis.multi().set(k("m"), "10").incrby(k("m"), 5).lrange(k("list"), 0, -1).exec();
  assert.deepEqual(res, ["OK", 15, ["a", "OK", "c"]]);
});

test("a failing command raises the server's error", async () => {
  await redis.set(k("word"), "not a number");
  await assert.rejects(redis.incr(k("word")), (err) => {
    assert.equal(err.name, "UpstashError");
    assert.match(err.message, /ERR value is not an integer/);
    return true;
  });
  await assert.rejects(redis.pipeline().get(k("word")).incr(k("word")).exec(), /Command 2 \[ incr \] failed: ERR value is not an integer/);
  await assert.rejects(redis.multi().incr(k("word")).exec(), /ERR value is not an integer/);
});

test("booleans are stored as the strings true and false", async () => {
  assert.equal(await redis.set(k("flag"), true), "OK");
  assert.equal(await redis.get(k("flag")), true);
  assert.equal(await redis.hset(k("flags"), { on: true, off: false }), 2);
  assert.deepEqual(await redis.hgetall(k("flags")), { on: true, off: false });
  const raw = new Redis({
    url: process.env.UPSTASH_REDIS_REST_URL,
    token: process.env.UPSTASH_REDIS_REST_TOKEN,
    retry: false,
    automaticDeserialization: false,
    ...options,
  });
  assert.equal(await raw.get(k("flag")), "true");
  assert.equal(await raw.hget(k("flags"), "off"), "false");
});

test("JSON documents", async () => {
  assert.equal(await redis.json.set(k("doc"), "$", { name: "ada", tags: ["x"], n: 1 }), "OK");
  assert.deepEqual(await redis.json.get(k("doc")), { name: "ada", tags: ["x"], n: 1 });
  assert.deepEqual(await redis.json.get(k("doc"), "$.name"), ["ada"]);
  assert.deepEqual(await redis.json.arrappend(k("doc"), "$.tags", '"y"'), [2]);
  assert.deepEqual(await redis.json.numincrby(k("doc"), "$.n", 2), [3]);
  assert.deepEqual(await redis.json.objkeys(k("doc"), "$"), [["name", "tags", "n"]]);
  assert.equal(await redis.json.del(k("doc"), "$.name"), 1);
  assert.deepEqual(await redis.json.get(k("doc")), { tags: ["x", "y"], n: 3 });
  const res = await redis.pipeline().json.set(k("doc2"), "$", { v: true }).json.toggle(k("doc2"), "$.v").json.get(k("doc2"), "$.v").exec();
  assert.deepEqual(res, ["OK", [0], [false]]);
  assert.equal(await redis.json.get(k("nodoc")), null);
});

test("hash fields expire on their own", async () => {
  assert.equal(await redis.hset(k("hx"), { a: "one", b: "two", c: "three" }), 3);
  assert.deepEqual(await redis.hexpire(k("hx"), "a", 60), [1]);
  assert.deepEqual(await redis.httl(k("hx"), ["a", "b"]), [60, -1]);
  assert.deepEqual(await redis.hgetex(k("hx"), { px: 300 }, "b"), { b: "two" });
  const left = await redis.hpttl(k("hx"), "b");
  assert.ok(left[0] > 0 && left[0] <= 300, `hpttl ${left}`);
  assert.deepEqual(await redis.hgetdel(k("hx"), "c"), { c: "three" });
  await sleep(600);
  assert.equal(await redis.hget(k("hx"), "b"), null);
  assert.deepEqual(await redis.hkeys(k("hx")), ["a"]);
});

test("bitfield", async () => {
  // With auto-pipelining (the default) the SDK's redis.bitfield is not the
  // builder; a pipeline's is in every configuration.
  const [res] = await redis
    .pipeline()
    .bitfield(k("bits"))
    .set("u8", 0, 255)
    .incrby("u8", 0, 1)
    .get("u4", 0)
    .overflow("sat")
    .incrby("i4", 4, -100)
    .exec()
    .exec();
  assert.deepEqual(res, [0, 0, 0, -8]);
  if (options.enableAutoPipelining === false) {
    assert.deepEqual(await redis.bitfield(k("bits")).get("i4", 4).exec(), [-8]);
  }
  assert.deepEqual(await redis.pipeline().bitfield(k("bits")).get("i4", 4).exec().exec(), [[-8]]);
});

test("scan with types, geo and zdiffstore", async () => {
  await redis.set(k("scan-s"), "v");
  await redis.hset(k("scan-h"), { f: "v" });
  const [cursor, keys] = await redis.scan(0, { match: k("scan-*"), count: 1000, withType: true });
  assert.equal(cursor, "0");
  assert.deepEqual(
    keys.sort((a, b) => a.key.localeCompare(b.key)),
    [{ key: k("scan-h"), type: "hash" }, { key: k("scan-s"), type: "string" }],
  );

  assert.equal(await redis.geoadd(k("geo"), { longitude: 13.361389, latitude: 38.115556, member: "Palermo" }), 1);
  assert.equal(await redis.geoadd(k("geo"), { nx: true }, { longitude: 15.087269, latitude: 37.502669, member: "Catania" }), 1);
  assert.deepEqual(await redis.geohash(k("geo"), "Palermo", "Catania"), ["sqc8b49rny0", "sqdtr74hyu0"]);
  assert.deepEqual(await redis.geopos(k("geo"), "Palermo"), [{ lng: 13.361389338970184, lat: 38.1155563954963 }]);

  await redis.zadd(k("z1"), { score: 1, member: "a" }, { score: 2, member: "b" });
  await redis.zadd(k("z2"), { score: 1, member: "a" });
  assert.equal(await redis.zdiffstore(k("zd"), 2, k("z1"), k("z2")), 1);
  assert.deepEqual(await redis.zrange(k("zd"), 0, -1), ["b"]);
});
