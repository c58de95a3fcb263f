import type { Database, HeldReason, RejectionReason } from "@gopy/db";
import { type Kysely, sql } from "kysely";
import { newReceipt } from "../codes.ts";
import { vnDay } from "../time.ts";
import {
  acceptSolution,
  challengeError,
  countsAsRefusal,
  deviceHash,
  SUBMISSION_WINDOW_MS,
} from "./abuse.ts";
import { checkAnswers } from "./answers.ts";
import { decideBatch, followerOutcome, type Outcome, type SubmissionResult } from "./batch-rules.ts";
import { parsedDefinition } from "./definition.ts";
import type { Submission, SubmitDeps } from "./service.ts";
import {
  type AnswerSource,
  addressHasher,
  answerPattern,
  burstReason,
  challengeDifficulty,
  networkOf,
  pruneSourcesStatement,
  SourceTally,
} from "./stuffing.ts";

export type { SubmissionResult } from "./batch-rules.ts";

interface Item {
  deps: SubmitDeps;
  code: string;
  submission: Submission;
  ip: string;
  now: Date;
  resolve: (result: SubmissionResult) => void;
  reject: (error: unknown) => void;
}

/** The largest batch written in one transaction; more waiting submissions make the next batch. */
const MAX_BATCH = 256;

/**
 * Group commit for survey submissions. Submissions that arrive while a batch is being written wait
 * and are written together in the next one: one transaction (one commit, one WAL flush) for all of
 * them, with the link, duplicate, device and rate-limit checks done once per batch in a few set
 * queries. Each submission is answered only after its batch's transaction has committed, so an
 * acknowledged answer is durable. The rules are those of the one-at-a-time path
 * (`submitResponseAlone`), which still serves what a batch does not decide itself: unknown or
 * closed links (they need the rejection counted as that path does) and a batch whose transaction
 * failed on a race with another server process (a unique index refused a row); that batch is rolled
 * back whole and every submission in it is retried one at a time.
 */
export class SubmissionBatcher {
  private queue: Item[] = [];
  private scheduled = false;
  private inFlight = 0;

  /**
   * `maxInFlight` batches are written at once: with PostgreSQL one batch's round trips overlap the
   * next one's checks; the embedded engine has one connection, so one batch at a time.
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly alone: (
      item: Pick<Item, "deps" | "code" | "submission" | "ip" | "now">,
    ) => Promise<SubmissionResult>,
    private readonly maxInFlight = 1,
  ) {}

  submit(item: Omit<Item, "resolve" | "reject">): Promise<SubmissionResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...item, resolve, reject });
      if (!this.scheduled && this.inFlight < this.maxInFlight) {
        this.scheduled = true;
        // Let the submissions that arrived in the same turn of the event loop join this batch.
        setImmediate(() => {
          this.scheduled = false;
          this.startBatches();
        });
      }
    });
  }

  private startBatches(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.startBatches();
      });
    }
  }

  private async run(batch: Item[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.write(batch);
    } catch (error) {
      outcomes = batch.map(() => (isUniqueViolation(error) ? { alone: true } : { error }));
    }
    for (const [i, item] of batch.entries()) {
      const outcome = outcomes[i]!;
      if ("result" in outcome) item.resolve(outcome.result);
      else if ("error" in outcome) item.reject(outcome.error);
      else this.alone(item).then(item.resolve, item.reject);
    }
  }

  /**
   * Decides every item of the batch in two round trips: one statement reads what the checks need
   * (the links, earlier receipts of these submission ids, earlier answers of these devices), the
   * rules of `decideBatch` (batch-rules.ts) decide each item from it, and one statement counts the
   * rate limits, stores the answers within them and counts the refusals, atomically (a single
   * statement is its own transaction).
   */
  private async write(batch: Item[]): Promise<Outcome[]> {
    const db = this.db;
    const outcomes: (Outcome | undefined)[] = batch.map(() => undefined);
    const devices = batch.map((i) =>
      i.submission.deviceToken ? deviceHash(i.submission.deviceToken) : null,
    );
    const { links, previous, answered } = await readChecks(
      db,
      [...new Set(batch.map((i) => i.code))],
      batch.map((i) => i.submission.submissionId),
      [...new Set(devices.filter((d): d is string => d !== null))],
    );
    const { decisions, refusals } = decideBatch(
      batch.map((item, index) => ({
        code: item.code,
        submissionId: item.submission.submissionId,
        answers: item.submission.answers,
        website: item.submission.website,
        device: devices[index]!,
        now: item.now,
      })),
      { links, previous, answered },
      {
        checkAnswers: (link, answers) =>
          checkAnswers(parsedDefinition(link.versionKey, link.definition), answers),
        newReceipt,
      },
    );
    const rejections = new Rejections();
    for (const r of refusals) rejections.add(r.link, r.reason, r.now);
    // Items that pass every check before the rate limits, in arrival order.
    const candidates: { index: number; values: ResponseValues; answers: Record<string, unknown> }[] = [];
    const followers: { index: number; first: number }[] = [];
    for (const [index, decision] of decisions.entries()) {
      if ("follows" in decision) {
        followers.push({ index, first: decision.follows });
      } else if ("candidate" in decision) {
        const { link, answers, receipt, device } = decision.candidate;
        candidates.push({
          index,
          answers,
          values: {
            submission_id: batch[index]!.submission.submissionId,
            survey_id: link.surveyId,
            version_id: link.versionId,
            link_id: link.linkId,
            receipt,
            answers: JSON.stringify(answers),
            device_hash: device,
            created_at: batch[index]!.now,
          },
        });
      } else {
        outcomes[index] = decision;
      }
    }

    const now = batch[0]!.now;
    // The proof of work each candidate needs and whether it brought one, and whether it arrives in
    // a burst, judged in arrival order against the window's answers and the batch's earlier ones.
    const hash = candidates.length > 0 ? await addressHasher(db, now) : () => "";
    const sources: AnswerSource[] = candidates.map((c) => {
      const ip = batch[c.index]!.ip;
      return {
        surveyId: c.values.survey_id,
        linkId: c.values.link_id,
        addressHash: hash(ip),
        network: networkOf(ip),
        patternHash: answerPattern(c.answers),
      };
    });
    const tally = await SourceTally.read(db, sources, now);
    const proofs: { required: number; solved: boolean; held: HeldReason | null }[] = [];
    for (const [i, c] of candidates.entries()) {
      const item = batch[c.index]!;
      const required = challengeDifficulty(tally.recent(sources[i]!));
      const solved =
        !!item.submission.altcha && (await acceptSolution(db, item.submission.altcha, item.now, required));
      const held = burstReason(tally.add(sources[i]!), item.deps.config.surveyBursts);
      proofs.push({ required, solved, held });
    }
    const judged = await storeWithinLimits(
      db,
      candidates.map((c, i) => {
        const item = batch[c.index]!;
        return {
          ...c,
          ...proofs[i]!,
          source: sources[i]!,
          ip: item.ip,
          limits: item.deps.config.surveyLimits,
        };
      }),
      rejections,
      now,
    );

    // Over a free allowance without a good proof of work: asked for one.
    const late = new Rejections();
    for (const [i, c] of candidates.entries()) {
      const verdict = judged.get(c.index)!;
      if (verdict.created) {
        outcomes[c.index] = { result: { created: true, receipt: c.values.receipt } };
      } else if (!verdict.over) {
        // Another process stored the same submission id since the read above.
        outcomes[c.index] = { alone: true };
      } else {
        const item = batch[c.index]!;
        if (countsAsRefusal(item.deps.config.surveyLimits, item.submission.altcha)) {
          late.add({ surveyId: c.values.survey_id, linkId: c.values.link_id }, "rate_limited", item.now);
        }
        outcomes[c.index] = { error: await challengeError(db, item.now, proofs[i]!.required) };
      }
    }
    if (late.size > 0) await late.write(db);

    // A follower's first is a candidate, answered above.
    for (const { index, first } of followers) outcomes[index] = followerOutcome(outcomes[first]!);
    return outcomes.map((o) => o ?? { alone: true });
  }
}

/** Refused submissions counted per survey, link, day and reason, written in one statement. */
class Rejections {
  private readonly counts = new Map<
    string,
    { surveyId: string; linkId: string; day: string; reason: RejectionReason; count: number }
  >();

  get size() {
    return this.counts.size;
  }

  add(link: { surveyId: string; linkId: string }, reason: RejectionReason, now: Date) {
    const day = vnDay(now);
    const key = `${link.linkId}:${day}:${reason}`;
    const entry = this.counts.get(key) ?? { ...link, day, reason, count: 0 };
    entry.count++;
    this.counts.set(key, entry);
  }

  /** `insert … on conflict` adding these counts; sorted so concurrent writers lock rows in one order. */
  statement() {
    const rows = [...this.counts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(
        ([, r]) =>
          sql`(${r.surveyId}::uuid, ${r.linkId}::uuid, ${r.day}::date, ${r.reason}, ${r.count}::int)`,
      );
    return sql`insert into survey_rejection (survey_id, link_id, day, reason, count) values ${sql.join(rows)}
      on conflict (survey_id, link_id, day, reason) do update set count = survey_rejection.count + excluded.count`;
  }

  async write(db: Kysely<Database>) {
    try {
      await this.statement().execute(db);
    } catch {
      // The counts are statistics; the people still get the real answer to their requests.
    }
  }
}

interface LinkRow {
  linkId: string;
  code: string;
  surveyId: string;
  opensAt: Date | null;
  closesAt: Date | null;
  responseCap: number | null;
  /** Responses so far, only for a survey with a cap. */
  responseCount: number | null;
  versionId: string;
  versionKey: string;
  definition: unknown;
}

const list = (values: readonly unknown[]) => sql.join(values.map((v) => sql`${v}`));

/**
 * In one statement: the open-for-answers links among `codes` (as `findLinkByCode`), the receipts
 * already stored under `submissionIds`, and the first answers of `devices` to those links' surveys.
 */
async function readChecks(db: Kysely<Database>, codes: string[], submissionIds: string[], devices: string[]) {
  type Raw = Omit<LinkRow, "opensAt" | "closesAt" | "versionKey"> & {
    opensAt: string | null;
    closesAt: string | null;
    versionUpdatedAt: string | null;
  };
  const answeredQuery =
    devices.length === 0
      ? sql`'[]'::json`
      : sql`(select coalesce(json_agg(d), '[]'::json) from (
          select r.survey_id, r.device_hash, r.receipt, false as held from survey_response r
          where r.device_hash in (${list(devices)}) and r.survey_id in (select "surveyId" from links)
          union all
          select h.survey_id, h.device_hash, h.receipt, true from survey_held_response h
          where h.device_hash in (${list(devices)}) and h.state = 'held'
            and h.survey_id in (select "surveyId" from links)) d)`;
  const result = await sql<{
    links: Raw[];
    previous: { submission_id: string; receipt: string; survey_id: string }[];
    answered: { survey_id: string; device_hash: string; receipt: string; held: boolean }[];
  }>`
    with links as (
      select l.id as "linkId", l.code, s.id as "surveyId", s.opens_at as "opensAt",
        s.closes_at as "closesAt", s.response_cap as "responseCap", v.id as "versionId",
        v.updated_at as "versionUpdatedAt", v.definition,
        case when s.response_cap is null then null
          else (select count(*) from survey_response r where r.survey_id = s.id) end as "responseCount"
      from survey_link l
      join survey s on s.id = l.survey_id
      join unit u on u.id = s.unit_id
      join survey_version v on v.id = s.current_version_id
      where l.code in (${list(codes)}) and l.archived_at is null and s.archived_at is null
        and u.archived_at is null
    )
    select
      (select coalesce(json_agg(links), '[]'::json) from links) as links,
      (select coalesce(json_agg(p), '[]'::json) from (
        select submission_id, receipt, survey_id from survey_response
        where submission_id in (${list(submissionIds)})
        union all
        select submission_id, receipt, survey_id from survey_held_response
        where submission_id in (${list(submissionIds)})) p) as previous,
      ${answeredQuery} as answered`.execute(db);
  const row = result.rows[0]!;
  const links = new Map<string, LinkRow>();
  for (const r of row.links) {
    links.set(r.code, {
      ...r,
      opensAt: r.opensAt === null ? null : new Date(r.opensAt),
      closesAt: r.closesAt === null ? null : new Date(r.closesAt),
      responseCount: r.responseCount === null ? null : Number(r.responseCount),
      versionKey: `${r.versionId}:${r.versionUpdatedAt ?? ""}`,
    });
  }
  return {
    links,
    previous: new Map(row.previous.map((p) => [p.submission_id, p])),
    answered: new Map(
      row.answered.map((a) => [`${a.survey_id}:${a.device_hash}`, { receipt: a.receipt, held: a.held }]),
    ),
  };
}

/**
 * One statement: counts a hit on each candidate's per-address and per-link windows (the rules of
 * `RateLimiter.hit`), stores the candidates that stay within both free allowances (a candidate sees
 * the hits before the batch plus its own place in the batch) or brought a good proof of work —
 * counted, or held for review when it arrived in a burst — records where the stored ones came
 * from, and adds the batch's refusal counts. Returns, per candidate index, whether it was stored
 * and whether it was over an allowance without a proof of work.
 */
async function storeWithinLimits(
  db: Kysely<Database>,
  candidates: {
    index: number;
    values: ResponseValues;
    ip: string;
    limits: { perIp: number; perLink: number };
    solved: boolean;
    held: HeldReason | null;
    source: AnswerSource;
  }[],
  rejections: Rejections,
  now: Date,
): Promise<Map<number, { created: boolean; over: boolean }>> {
  const judged = new Map<number, { created: boolean; over: boolean }>();
  if (candidates.length === 0) {
    if (rejections.size > 0) await rejections.write(db);
    return judged;
  }
  const keyed = candidates.map((c) => ({
    ...c,
    ipKey: `survey-ip:${c.values.survey_id}:${c.ip}`,
    linkKey: `survey-link:${c.values.link_id}`,
  }));
  const perKey = new Map<string, number>();
  for (const c of keyed) {
    for (const key of [c.ipKey, c.linkKey]) perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  // A candidate's hits are the key's hits after the batch minus those of the candidates after it.
  const offset = (key: string) => {
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    return nth - perKey.get(key)!;
  };
  const windowStartBefore = new Date(now.getTime() - SUBMISSION_WINDOW_MS);
  // Sorted keys: concurrent batches of several processes lock the shared rows in one order.
  const hitRows = [...perKey.keys()]
    .sort()
    .map((key) => sql`(${key}, ${now}::timestamptz, ${perKey.get(key)!}::int)`);
  const candidateRows = keyed.map((c) => {
    const v = c.values;
    return sql`(${c.index}::int, ${v.submission_id}::uuid, ${v.survey_id}::uuid, ${v.version_id}::uuid,
      ${v.link_id}::uuid, ${v.receipt}::text, ${v.answers}::jsonb, ${v.device_hash}::text,
      ${v.created_at}::timestamptz, ${c.ipKey}::text, ${offset(c.ipKey)}::int, ${c.limits.perIp}::int,
      ${c.linkKey}::text, ${offset(c.linkKey)}::int, ${c.limits.perLink}::int, ${c.solved}::boolean,
      ${c.held}::text, ${c.source.addressHash}::text, ${c.source.network}::text, ${c.source.patternHash}::text)`;
  });
  const rows = await sql<{ idx: number; over: boolean; created: boolean }>`
    with hits as (
      insert into rate_limit (key, window_start, hits) values ${sql.join(hitRows)}
      on conflict (key) do update set
        hits = case when rate_limit.window_start <= ${windowStartBefore} then excluded.hits
          else rate_limit.hits + excluded.hits end,
        window_start = case when rate_limit.window_start <= ${windowStartBefore} then ${now}
          else rate_limit.window_start end
      returning key, hits
    ),
    candidate (idx, submission_id, survey_id, version_id, link_id, receipt, answers, device_hash,
      created_at, ip_key, ip_offset, ip_max, link_key, link_offset, link_max, solved, held,
      address_hash, network, pattern_hash) as (
      values ${sql.join(candidateRows)}
    ),
    judged as (
      select c.*, (ip.hits + c.ip_offset > c.ip_max or link.hits + c.link_offset > c.link_max)
        and not c.solved as over
      from candidate c
      join hits ip on ip.key = c.ip_key
      join hits link on link.key = c.link_key
    ),
    stored as (
      insert into survey_response
        (submission_id, survey_id, version_id, link_id, receipt, answers, device_hash, created_at)
      select submission_id, survey_id, version_id, link_id, receipt, answers, device_hash, created_at
      from judged where not over and held is null
      on conflict (submission_id) do nothing
      returning submission_id
    ),
    held_stored as (
      insert into survey_held_response
        (submission_id, survey_id, version_id, link_id, receipt, answers, device_hash, created_at,
         reason, address_hash, network, pattern_hash, state)
      select submission_id, survey_id, version_id, link_id, receipt, answers, device_hash, created_at,
        held, address_hash, network, pattern_hash, 'held'
      from judged where not over and held is not null
      on conflict (submission_id) do nothing
      returning submission_id
    ),
    created as (select submission_id from stored union all select submission_id from held_stored),
    sources as (
      insert into survey_answer_source (survey_id, link_id, address_hash, network, pattern_hash, at)
      select survey_id, link_id, address_hash, network, pattern_hash, created_at
      from judged where submission_id in (select submission_id from created)
      returning 1
    ),
    pruned as (${pruneSourcesStatement(now)} returning 1)${
      rejections.size > 0 ? sql`, refused as (${rejections.statement()} returning 1)` : sql``
    }
    select j.idx, j.over, exists (select 1 from created s where s.submission_id = j.submission_id) as created
    from judged j`.execute(db);
  for (const r of rows.rows) judged.set(r.idx, { created: r.created, over: r.over });
  return judged;
}

interface ResponseValues {
  submission_id: string;
  survey_id: string;
  version_id: string;
  link_id: string;
  receipt: string;
  answers: string;
  device_hash: string | null;
  created_at: Date;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === "23505";
}
