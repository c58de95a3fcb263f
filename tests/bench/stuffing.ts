/**
 * Benchmark: what stuffing a survey costs an attacker. One address sends answers at 1, 10 and 100
 * a minute (time is the injected clock's, not waited for); each answer's proof of work is solved
 * for real in this process with altcha-lib's solver, and its CPU time measured. The figure is the
 * CPU seconds paid per ACCEPTED answer (counted; held ones wait for a person and count for nothing
 * until then). altcha-lib's solver is slower than a hand-tuned one: the hashes per accepted answer
 * are printed too, for scaling to another solver's speed.
 *
 *   npm run bench -- stuffing            15 answers at each rate (a few minutes of CPU)
 *   npm run bench -- stuffing --smoke    2 answers at each rate (seconds, for CI)
 */
import { createApp } from "@gopy/api";
import { fixedClock } from "@gopy/api/clock.ts";
import { DEFAULT_SURVEY_BURSTS, DEFAULT_SURVEY_LIMITS } from "@gopy/api/config.ts";
import { seedOnFirstStart } from "@gopy/api/seed.ts";
import { migrateToLatest, openDatabase } from "@gopy/db";
import pino from "pino";
import { type Challenge, solveAltcha } from "../support/altcha.ts";
import { testConfig } from "../support/app.ts";

export interface StuffingBenchRow {
  perMinute: number;
  sent: number;
  accepted: number;
  held: number;
  hardest: number;
  cpuS: number;
  cpuSPerAccepted: number;
  hashesPerAccepted: number;
}

const ANSWERS = Object.fromEntries(
  [
    "access_place",
    "access_facilities",
    "access_contact",
    "procedure_public",
    "procedure_documents",
    "procedure_fees",
    "staff_polite",
    "staff_listen",
    "staff_guidance",
    "staff_rules",
    "result_correct",
    "result_on_time",
    "feedback_channels",
    "feedback_handling",
    "overall_satisfaction",
  ].map((q, i) => [q, (i % 5) + 1]),
);

async function one(perMinute: number, answers: number): Promise<StuffingBenchRow> {
  const handle = await openDatabase(undefined);
  try {
    await migrateToLatest(handle.db);
    const clock = fixedClock("2026-11-23T02:00:00Z");
    const seed = await seedOnFirstStart(handle.db, {
      adminEmail: "bench@demo.edu.vn",
      adminPassword: "Mat-khau-rat-dai-2026",
      seedDemo: true,
      now: clock.now(),
    });
    const config = testConfig({
      trustProxy: true,
      surveyLimits: { ...DEFAULT_SURVEY_LIMITS },
      surveyBursts: { ...DEFAULT_SURVEY_BURSTS },
    });
    const app = createApp({ database: handle, clock, config, logger: pino({ level: "silent" }) });
    const url = `/api/public/s/${seed.demoLinkCode}/responses`;
    const send = (body: Record<string, unknown>) =>
      app.request(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": "203.0.113.66" },
        body: JSON.stringify(body),
      });
    let cpuUs = 0;
    let hashes = 0;
    let hardest = 0;
    for (let i = 0; i < answers; i++) {
      // Every answer differs a little, as a careful attacker's would.
      const body = { submissionId: crypto.randomUUID(), answers: { ...ANSWERS, access_place: (i % 5) + 1 } };
      const asked = await send(body);
      if (asked.status !== 428) throw new Error(`expected a challenge, got ${asked.status}`);
      const c = ((await asked.json()) as { challenge: Challenge }).challenge;
      hardest = Math.max(hardest, c.maxnumber);
      const before = process.cpuUsage();
      const { altcha, number } = await solveAltcha(c);
      const used = process.cpuUsage(before);
      cpuUs += used.user + used.system;
      hashes += number + 1;
      const stored = await send({ ...body, altcha });
      if (stored.status !== 201) throw new Error(`expected the answer stored, got ${stored.status}`);
      clock.advance(60_000 / perMinute);
    }
    const counted = await handle.db.selectFrom("survey_response").select("id").execute();
    const held = await handle.db.selectFrom("survey_held_response").select("id").execute();
    const accepted = counted.length;
    return {
      perMinute,
      sent: answers,
      accepted,
      held: held.length,
      hardest,
      cpuS: cpuUs / 1e6,
      cpuSPerAccepted: accepted === 0 ? Number.POSITIVE_INFINITY : cpuUs / 1e6 / accepted,
      hashesPerAccepted: accepted === 0 ? Number.POSITIVE_INFINITY : Math.round(hashes / accepted),
    };
  } finally {
    await handle.close();
  }
}

export async function benchStuffing(smoke: boolean): Promise<StuffingBenchRow[]> {
  const answers = smoke ? 2 : 15;
  const rows: StuffingBenchRow[] = [];
  for (const perMinute of [1, 10, 100]) rows.push(await one(perMinute, answers));
  console.log("\nStuffing one survey from one address: attacker's CPU per accepted (counted) answer");
  console.table(
    rows.map((r) => ({
      "answers/min": r.perMinute,
      sent: r.sent,
      counted: r.accepted,
      held: r.held,
      "hardest maxnumber": r.hardest,
      "CPU s": r.cpuS.toFixed(2),
      "CPU s / counted": r.cpuSPerAccepted.toFixed(2),
      "hashes / counted": r.hashesPerAccepted,
    })),
  );
  console.log(JSON.stringify({ bench: "stuffing", smoke, rows }));
  return rows;
}
