import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startChild } from "./lib/ipc";
import { GENERATOR_NODE_ARGS, LOAD_CORE, startVariant, type VariantName } from "./variants";
import { diffHeapSnapshots, summarizeCpuProfile, summarizeHeapSampling } from "./lib/profile-summary";

/**
 * `npm run bench:profile -- --variant D --users 5000 [--mix 20 | --idle]`: connects that many users to one
 * variant (each watching a video, unless --idle) with a CPU profile running (and optionally the realistic mix for N seconds), then takes a
 * heap snapshot, and prints where the time and the memory went. Files stay in a temp directory.
 */
const { values: args } = parseArgs({
  options: {
    variant: { type: "string", default: "D" },
    users: { type: "string", default: "5000" },
    mix: { type: "string", default: "0" },
    chat: { type: "string", default: "0" },
    /** Connections only, no video watched: what an idle connection holds, as the idle scenario measures it. */
    idle: { type: "boolean", default: false },
    /** With --mix: sample what reaches the old generation during the mix instead of profiling the CPU. */
    promoted: { type: "boolean", default: false },
  },
});
const dir = mkdtempSync(path.join(tmpdir(), "ll-profile-"));
const users = Number(args.users);
const gen = await startChild({ name: "load", script: path.join(import.meta.dirname, "load/generator.ts"), core: LOAD_CORE, nodeArgs: GENERATOR_NODE_ARGS });
const v = await startVariant(args.variant as VariantName, path.join(dir, "data"));
/** D's store commands from now until `print(seconds)`, per second (serverStatus metrics.commands). */
async function storeCommands(): Promise<{ print(seconds: number): Promise<void> }> {
  if (!args.variant.startsWith("D")) return { print: () => Promise.resolve() };
  const before = await v.server.call<Record<string, number>>("dbCommands");
  return {
    async print(seconds) {
      const after = await v.server.call<Record<string, number>>("dbCommands");
      const perSecond = Object.entries(after).map(([name, n]) => [name, (n - (before[name] ?? 0)) / seconds] as const).filter(([, n]) => n > 0);
      console.log(`store commands per second: ${perSecond.map(([name, n]) => `${name} ${n.toFixed(1)}`).join(", ")}`);
    },
  };
}

try {
  const people = await v.people(users);
  const videoIds = await v.videos(4);
  await v.server.call("memory");
  const before = await v.server.call<string>("heapSnapshot", { path: path.join(dir, "before.heapsnapshot") });
  // The profile covers the load phase when there is one (--chat, --mix), else the connections.
  const loadPhase = Number(args.chat) > 0 || Number(args.mix) > 0;
  if (!loadPhase) await v.server.call("cpuProfileStart");
  const t0 = Date.now();
  await gen.call("connect", { url: v.url, protocol: v.protocol, people });
  if (!args.idle) await gen.call("watch", { videoIds });
  console.log(`connected ${String(users)} in ${String(Date.now() - t0)} ms`);
  if (Number(args.mix) > 0) {
    await gen.call("chatWarmup", { joinConversation: false });
    await v.server.call(args.promoted ? "heapSamplingStart" : "cpuProfileStart");
    const commands = await storeCommands();
    const r = await gen.call("mix", { durationMs: Number(args.mix) * 1000, messageEveryMs: 10_000, statusEveryMs: 20_000, churnEveryMs: 30_000, videoIds, drainMs: 1000 });
    console.log(JSON.stringify(r));
    await commands.print(Number(args.mix));
    if (args.promoted) {
      const sampled = await v.server.call<string>("heapSamplingStop", { path: path.join(dir, "promoted.heapprofile") });
      console.log(`\nWhat reached the old generation during the mix (sampled bytes, by allocating frame and by our nearest frame) from ${sampled}\n${summarizeHeapSampling(sampled, 25)}`);
      await v.server.call("cpuProfileStart"); // so the common ending below has a profile to stop
    }
  } else if (Number(args.chat) > 0) {
    await gen.call("chatWarmup", { joinConversation: true });
    await v.server.call("cpuProfileStart");
    await v.server.call("monitorStart");
    const commands = await storeCommands();
    const r = await gen.call<{ sent: number; ack: unknown }>("chatStep", { rate: Number(args.chat), durationMs: 5000, drainMs: 1000 });
    console.log(JSON.stringify({ sent: r.sent, ack: r.ack, server: await v.server.call("monitorStop") }));
    await commands.print(5);
  } else await new Promise((r) => setTimeout(r, 3000));
  const cpu = await v.server.call<string>("cpuProfileStop", { path: path.join(dir, "cpu.cpuprofile") });
  await v.server.call("memory");
  const heap = await v.server.call<string>("heapSnapshot", { path: path.join(dir, "heap.heapsnapshot") });
  console.log(`\nCPU (self time, top 25) from ${cpu}\n${summarizeCpuProfile(cpu, 25)}`);
  console.log(`\nHeap growth per user (self size by constructor, top 30) from ${before} to ${heap}\n${diffHeapSnapshots(before, heap, users, 30)}`);
} finally {
  await gen.stop();
  await v.server.stop();
}
