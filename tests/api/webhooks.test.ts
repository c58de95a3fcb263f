import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { hashPassword } from "@gopy/api/auth/password.ts";
import { channelRouter } from "@gopy/api/outbox/transports.ts";
import { deliverDueMessages, MAX_ATTEMPTS } from "@gopy/api/outbox/worker.ts";
import { announceSurveyResponses } from "@gopy/api/webhooks/batch.ts";
import { verifySignature } from "@gopy/api/webhooks/signature.ts";
import { webhookTransport } from "@gopy/api/webhooks/transport.ts";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestApp, fullSipasAnswers, jsonRequest, signIn, type TestApp } from "../support/app.ts";

// A receiving system: records every delivery and answers with the status it is told to.
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
let answerWith = 200;
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.writeHead(answerWith).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});
afterAll(() => new Promise((resolve) => receiver.close(resolve)));

let t: TestApp;
let admin: string;
let demoUnitId: string;
beforeEach(async () => {
  t = await createTestApp();
  admin = await signIn(t.app);
  demoUnitId = (
    await t.database.db.selectFrom("unit").select("id").where("slug", "=", "demo").executeTakeFirstOrThrow()
  ).id;
  received = [];
  answerWith = 200;
});
afterEach(() => t.close());

const send = async (method: string, path: string, body: unknown = {}, cookie = admin) => {
  const res = await t.app.request(path, jsonRequest(method, body, { Cookie: cookie }));
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};
const get = async (path: string, cookie = admin) => {
  const res = await t.app.request(path, { headers: { Cookie: cookie } });
  return { status: res.status, body: (await res.json()) as any };
};
const hooks = (unitId = demoUnitId) => `/api/admin/units/${unitId}/webhooks`;
const deliver = () =>
  deliverDueMessages(
    t.database.db,
    channelRouter({ webhook: webhookTransport(t.database.db, t.clock, { allowPrivate: true }) }),
    t.clock,
    pino({ level: "silent" }),
  );

const CONTACT = { name: "Trần Thị Bình", email: "binh.tran@example.vn", phone: "0912345678" };
const SUBJECT = "Thu tiền học thêm không đúng quy định";
const CONTENT = "Lớp 4A thu 300.000 đồng mỗi tháng tiền học thêm mà không có thông báo của nhà trường.";
async function submitPetition(over: Record<string, unknown> = {}, slug = "demo") {
  const res = await t.app.request(
    `/api/public/units/${slug}/petitions`,
    jsonRequest("POST", {
      submissionId: crypto.randomUUID(),
      kind: "complaint",
      subject: SUBJECT,
      content: CONTENT,
      contact: CONTACT,
      consentToContact: true,
      consentToPublish: false,
      ...over,
    }),
  );
  expect(res.status).toBe(201);
  const receipt = (await res.json()) as { trackingCode: string; citizenKey: string };
  citizenKeys.set(receipt.trackingCode, receipt.citizenKey);
  return receipt.trackingCode;
}
/** Each case's sender's key: the citizen routes need it, and no webhook ever gets it. */
const citizenKeys = new Map<string, string>();
const caseId = async (code: string) =>
  (
    await t.database.db
      .selectFrom("petition")
      .select("id")
      .where("tracking_code", "=", code)
      .executeTakeFirstOrThrow()
  ).id;
async function createHook(body: Record<string, unknown>, unitId = demoUnitId) {
  const res = await send("POST", hooks(unitId), { url: receiverUrl, ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string };
}
const payloads = () => received.map((r) => JSON.parse(r.body));

describe("webhooks of a unit", () => {
  it("are created by the admin with a secret shown once, and refuse bad input naming the field", async () => {
    const created = await createHook({ events: ["petition.created"], description: "Trang tin của trường" });
    expect(created.secret).toMatch(/^whsec_[\w-]{32}$/);
    const list = await get(hooks());
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(created.secret);
    expect(list.body.items[0]).toMatchObject({
      url: receiverUrl,
      events: ["petition.created"],
      internal: false,
    });

    const badEvent = await send("POST", hooks(), { url: receiverUrl, events: ["petition.deleted"] });
    expect(badEvent.status).toBe(422);
    expect(badEvent.body.errors.map((e: { field: string }) => e.field)).toEqual(["events.0"]);
    const badUrl = await send("POST", hooks(), {
      url: "ftp://truong.edu.vn/x",
      events: ["petition.created"],
    });
    expect(badUrl.status).toBe(422);
    expect(badUrl.body.errors.map((e: { field: string }) => e.field)).toEqual(["url"]);
    const none = await send("POST", hooks(), { url: receiverUrl, events: [] });
    expect(none.status).toBe(422);
    expect((await get(hooks())).body.items).toHaveLength(1);
  });

  it("are for the unit's admin only", async () => {
    const user = await t.database.db
      .insertInto("app_user")
      .values({
        email: "phohieutruong@demo.edu.vn",
        display_name: "Phó HT",
        password_hash: await hashPassword("Hoa-sen-trong-dam-2026"),
        created_at: t.clock.now(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.database.db
      .insertInto("membership")
      .values({ user_id: user.id, unit_id: demoUnitId, role: "manager", created_at: t.clock.now() })
      .execute();
    const manager = await signIn(t.app, "phohieutruong@demo.edu.vn", "Hoa-sen-trong-dam-2026");
    expect((await get(hooks(), manager)).status).toBe(403);
    const res = await send("POST", hooks(), { url: receiverUrl, events: ["petition.created"] }, manager);
    expect(res.status).toBe(403);
    expect(await t.database.db.selectFrom("webhook").selectAll().execute()).toHaveLength(0);
  });

  it("deliver a new petition signed, with no personal data, only after the petition is stored", async () => {
    const hook = await createHook({ events: ["petition.created"] });
    const code = await submitPetition();
    expect(received).toHaveLength(0); // queued in the outbox, not sent inside the request
    expect(await deliver()).toBe(1);
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery!.headers["content-type"]).toMatch(/^application\/json/);
    expect(delivery!.headers["gopy-event"]).toBe("petition.created");
    // The signature, recomputed here from the header's timestamp and the raw body.
    const signature = String(delivery!.headers["gopy-signature"]);
    const [, timestamp, mac] = signature.match(/^t=(\d+),v1=([0-9a-f]{64})$/)!;
    expect(Number(timestamp)).toBe(Math.floor(t.clock.now().getTime() / 1000));
    expect(mac).toBe(
      createHmac("sha256", hook.secret).update(`${timestamp}.${delivery!.body}`).digest("hex"),
    );
    expect(verifySignature(hook.secret, signature, delivery!.body, Number(timestamp))).toBe(true);
    expect(verifySignature(hook.secret, signature, `${delivery!.body} `, Number(timestamp))).toBe(false);
    expect(verifySignature("whsec_other", signature, delivery!.body, Number(timestamp))).toBe(false);
    expect(verifySignature(hook.secret, signature, delivery!.body, Number(timestamp) + 3600)).toBe(false);

    const payload = JSON.parse(delivery!.body);
    expect(payload).toMatchObject({
      type: "petition.created",
      unit: { slug: "demo", name: "Trường Tiểu học Demo" },
      data: { petition: { id: await caseId(code), kind: "complaint", state: "received", channel: "web" } },
    });
    expect(payload.data.petition.answerBy).toMatch(/\+07:00$/);
    // The tracking code is a bearer secret (follow, rate, reopen, withdraw): not for outside systems.
    expect(payload.data.petition).not.toHaveProperty("trackingCode");
    expect(payload.data.petition).not.toHaveProperty("trackingUrl");
    for (const secret of [CONTACT.name, CONTACT.email, CONTACT.phone, SUBJECT, CONTENT, code]) {
      expect(delivery!.body.toLowerCase()).not.toContain(secret.toLowerCase());
    }
  });

  it("tell of every state change and of the answer; an internal webhook also gets the text and the contact", async () => {
    await createHook({ events: ["petition.state_changed", "petition.answered"] });
    await createHook({ events: ["petition.answered"], internal: true });
    const code = await submitPetition();
    const id = await caseId(code);
    const move = (body: Record<string, unknown>) =>
      send("POST", `/api/admin/petitions/${id}/transitions`, body);
    expect((await move({ event: "acknowledge" })).status).toBe(200);
    expect(
      (
        await move({
          event: "answer",
          answer: "Nhà trường đã dừng thu và hoàn trả tiền cho phụ huynh lớp 4A.",
        })
      ).status,
    ).toBe(200);
    await deliver();
    const events = payloads().map(
      (p) => `${p.type}:${p.data.petition.previousState}>${p.data.petition.state}`,
    );
    expect(events.sort()).toEqual([
      "petition.answered:acknowledged>answered", // the public webhook
      "petition.answered:acknowledged>answered", // the internal one
      "petition.state_changed:acknowledged>answered",
      "petition.state_changed:received>acknowledged",
    ]);
    const answered = payloads().filter((p) => p.type === "petition.answered");
    const publicOne = answered.find((p) => p.data.petition.contact === undefined)!;
    const internalOne = answered.find((p) => p.data.petition.contact !== undefined)!;
    expect(publicOne.data.petition.outcome).toBe("early");
    expect(publicOne.data.petition.id).toBe(id);
    expect(JSON.stringify(publicOne)).not.toContain("hoàn trả");
    expect(JSON.stringify(publicOne)).not.toContain(CONTACT.email);
    expect(JSON.stringify(publicOne)).not.toContain(code);
    expect(internalOne.data.petition).toMatchObject({
      id,
      trackingCode: code,
      trackingUrl: `${t.config.publicBaseUrl}/t/${code}`,
      subject: SUBJECT,
      content: CONTENT,
      answer: "Nhà trường đã dừng thu và hoàn trả tiền cho phụ huynh lớp 4A.",
      contact: CONTACT,
    });
  });

  it("never send a denouncer's identity, even to an internal webhook", async () => {
    await createHook({ events: ["petition.created"], internal: true });
    await submitPetition({
      kind: "denunciation",
      subject: "Tố cáo sai phạm",
      content: "Nội dung tố cáo chi tiết về việc thu chi.",
    });
    await deliver();
    expect(received).toHaveLength(1);
    expect(payloads()[0].data.petition.contact).toBeNull();
    for (const secret of [CONTACT.name, CONTACT.email, CONTACT.phone])
      expect(received[0]!.body).not.toContain(secret);
  });

  it("never send a tracking code to a webhook that is not internal, by any channel or move; an internal one gets it", async () => {
    const events = ["petition.created", "petition.state_changed", "petition.answered"];
    const outside = await createHook({ events });
    const inside = await createHook({ events, internal: true });

    // Cases by every channel: the public form (a complaint, a denunciation), Open311, and staff.
    const complaint = await submitPetition();
    const denunciation = await submitPetition({ kind: "denunciation", subject: "Tố cáo sai phạm" });
    const key = await send("POST", `/api/admin/units/${demoUnitId}/open311-keys`, { name: "Cổng tỉnh" });
    expect(key.status).toBe(201);
    const filed = await t.app.request("/open311/v2/requests.json", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        jurisdiction_id: "demo",
        api_key: key.body.key,
        service_code: "reflection",
        description: "Đèn cổng phụ bị hỏng, buổi tối rất tối.",
        "attribute[consent_contact]": "no",
        "attribute[consent_publish]": "no",
      }).toString(),
    });
    expect(filed.status).toBe(200);
    const [request] = (await filed.json()) as { service_notice: string }[];
    const open311 = /Mã theo dõi (\S+);/.exec(request!.service_notice)![1]!;
    citizenKeys.set(open311, /mã bí mật (\S+) /.exec(request!.service_notice)![1]!);
    const registered = await send("POST", `/api/admin/units/${demoUnitId}/petitions`, {
      kind: "reflection",
      channel: "phone",
      subject: "Cổng trường ùn tắc giờ tan học",
      content: "Xe đưa đón đỗ kín cổng trường, học sinh đi bộ rất nguy hiểm.",
      receivedAt: t.clock.now().toISOString(),
    });
    expect(registered.status).toBe(201);

    // Staff answer one; its sender reopens it; another sender withdraws theirs.
    const id = await caseId(complaint);
    const move = (body: Record<string, unknown>) =>
      send("POST", `/api/admin/petitions/${id}/transitions`, body);
    expect((await move({ event: "acknowledge" })).status).toBe(200);
    expect((await move({ event: "answer", answer: "Nhà trường đã dừng thu." })).status).toBe(200);
    const citizen = (code: string, action: string, reason: string) =>
      t.app.request(
        `/api/public/petitions/${code}/${action}`,
        jsonRequest("POST", { reason }, { "X-Citizen-Key": citizenKeys.get(code)! }),
      );
    expect((await citizen(complaint, "reopen", "Lớp 4A vẫn thu tiền.")).status).toBe(200);
    expect((await citizen(open311, "withdraw", "Đèn đã được sửa.")).status).toBe(200);
    // More than one batch is queued (receipt emails too): send everything that is due.
    await deliverDueMessages(
      t.database.db,
      channelRouter({ webhook: webhookTransport(t.database.db, t.clock, { allowPrivate: true }) }),
      t.clock,
      pino({ level: "silent" }),
      100,
    );

    const hookOf = new Map(
      (
        await t.database.db
          .selectFrom("outbox")
          .select(["id", "recipient"])
          .where("channel", "=", "webhook")
          .execute()
      ).map((row) => [String(row.id), row.recipient]),
    );
    const bodiesOf = (hookId: string) =>
      received.filter((r) => hookOf.get(String(r.headers["gopy-delivery"])) === hookId).map((r) => r.body);
    const toOutside = bodiesOf(outside.id);
    const toInside = bodiesOf(inside.id);
    // 4 created, 4 state changes (acknowledged, answered, reopened, withdrawn), 1 answered.
    expect(toOutside).toHaveLength(9);
    expect(toInside).toHaveLength(9);
    expect(received).toHaveLength(18);

    // No tracking code of any case in the database, in any letter case, reaches the outside system.
    const codes = (await t.database.db.selectFrom("petition").select("tracking_code").execute()).map(
      (row) => row.tracking_code,
    );
    expect(codes).toEqual(
      expect.arrayContaining([complaint, denunciation, open311, registered.body.trackingCode]),
    );
    const outsideText = toOutside.join("\n").toLowerCase();
    for (const code of codes) expect(outsideText).not.toContain(code.toLowerCase());
    expect(outsideText).not.toContain("/t/");
    for (const body of toOutside) {
      const petition = JSON.parse(body).data.petition;
      expect(petition.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(petition).not.toHaveProperty("trackingCode");
      expect(petition).not.toHaveProperty("trackingUrl");
    }

    // The internal system (the unit's own) gets the code and the tracking page of each case.
    for (const body of toInside) {
      const petition = JSON.parse(body).data.petition;
      const { tracking_code } = await t.database.db
        .selectFrom("petition")
        .select("tracking_code")
        .where("id", "=", petition.id)
        .executeTakeFirstOrThrow();
      expect(petition.trackingCode).toBe(tracking_code);
      expect(petition.trackingUrl).toBe(`${t.config.publicBaseUrl}/t/${tracking_code}`);
    }
    // No webhook, internal or not, ever gets a sender's key (the registered case's too).
    citizenKeys.set(registered.body.trackingCode, registered.body.citizenKey);
    const allText = received.map((r) => r.body).join("\n");
    for (const key of citizenKeys.values()) expect(allText).not.toContain(key);
  });

  it("of a ward receive the events of its schools, and not of other wards' schools", async () => {
    const ward = await send("POST", "/api/admin/units", {
      kind: "ward",
      name: "Phường Hoà Bình",
      slug: "hoa-binh",
      parentId: null,
    });
    expect(ward.status).toBe(201);
    const school = await send("POST", "/api/admin/units", {
      kind: "school",
      name: "Trường THCS Hoà Bình",
      slug: "thcs-hoa-binh",
      parentId: ward.body.id,
    });
    expect(school.status).toBe(201);
    await createHook({ events: ["petition.created"] }, ward.body.id);
    await submitPetition({}, "thcs-hoa-binh");
    await submitPetition({}, "demo");
    await deliver();
    expect(payloads().map((p) => p.unit.slug)).toEqual(["thcs-hoa-binh"]);
  });

  it("retry a failed delivery with backoff, log every attempt, and give up after the last", async () => {
    const hook = await createHook({ events: ["petition.created"] });
    await submitPetition();
    answerWith = 500;
    expect(await deliver()).toBe(0);
    let log = (await get(`${hooks()}/${hook.id}/deliveries`)).body.items;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      event: "petition.created",
      state: "pending",
      attempts: 1,
      lastError: "HTTP 500",
    });
    expect(log[0].log).toEqual([expect.objectContaining({ statusCode: 500, error: "HTTP 500" })]);
    expect(new Date(log[0].nextAttemptAt).getTime() - t.clock.now().getTime()).toBe(60_000);

    expect(await deliver()).toBe(0); // not due yet: nothing sent
    expect(received).toHaveLength(1);
    answerWith = 204;
    t.clock.advance(60_000);
    expect(await deliver()).toBe(1);
    log = (await get(`${hooks()}/${hook.id}/deliveries`)).body.items;
    expect(log[0]).toMatchObject({ state: "delivered", attempts: 2, nextAttemptAt: null });
    expect(log[0].log.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 204]);
    // The same delivery id both times, so the receiver can drop duplicates.
    expect(received.map((r) => r.headers["gopy-delivery"])).toEqual([String(log[0].id), String(log[0].id)]);

    // A receiver that never recovers: given up after the last attempt, then queued again by hand.
    await submitPetition();
    answerWith = 503;
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await deliver();
      t.clock.advance(7 * 3600_000);
    }
    admin = await signIn(t.app); // days have passed: the session expired
    log = (await get(`${hooks()}/${hook.id}/deliveries`)).body.items;
    expect(log[0]).toMatchObject({ state: "failed", attempts: MAX_ATTEMPTS });
    expect((await get(hooks())).body.items[0].deliveries).toMatchObject({ failed: 1, pending: 0 });
    const retry = await send("POST", `${hooks()}/${hook.id}/deliveries/${log[0].id}/retry`);
    expect(retry.status).toBe(202);
    answerWith = 200;
    expect(await deliver()).toBe(1);
    expect((await send("POST", `${hooks()}/${hook.id}/deliveries/${log[0].id}/retry`)).status).toBe(404);
  });

  it("send a test delivery on request, shown in the log", async () => {
    const hook = await createHook({ events: ["survey.responses"] });
    const test = await send("POST", `${hooks()}/${hook.id}/test`);
    expect(test.status).toBe(202);
    await deliver();
    expect(payloads()).toEqual([
      expect.objectContaining({
        type: "ping",
        data: expect.objectContaining({ events: ["survey.responses"] }),
      }),
    ]);
    const log = (await get(`${hooks()}/${hook.id}/deliveries`)).body.items;
    expect(log).toEqual([
      expect.objectContaining({ id: test.body.deliveryId, event: "ping", state: "delivered" }),
    ]);
  });

  it("never reach the service's own machine or network unless private receivers are allowed", async () => {
    const deliverPublicOnly = () =>
      deliverDueMessages(
        t.database.db,
        channelRouter({ webhook: webhookTransport(t.database.db, t.clock) }),
        t.clock,
        pino({ level: "silent" }),
      );
    // A name resolving to loopback, a literal loopback address, and the cloud metadata address.
    const targets = [
      receiverUrl.replace("127.0.0.1", "localhost"),
      receiverUrl,
      "http://169.254.169.254/latest/meta-data/",
      "http://[::1]:9/hooks",
    ];
    for (const url of targets) {
      const hook = await createHook({ events: ["survey.responses"], url });
      const test = await send("POST", `${hooks()}/${hook.id}/test`);
      expect(test.status).toBe(202);
      await deliverPublicOnly();
      const log = (await get(`${hooks()}/${hook.id}/deliveries`)).body.items;
      // Refused before any connection, logged, and given up at once (an address does not change).
      expect(log).toEqual([expect.objectContaining({ state: "failed", attempts: 1 })]);
      expect(log[0].lastError).toMatch(/address .* is not allowed/);
      expect(log[0].log).toEqual([expect.objectContaining({ statusCode: null })]);
    }
    expect(received).toEqual([]);
    // With private receivers allowed (WEBHOOK_ALLOW_PRIVATE=1) the same receiver gets its test.
    const allowed = await createHook({ events: ["survey.responses"] });
    await send("POST", `${hooks()}/${allowed.id}/test`);
    await deliver();
    expect(payloads()).toEqual([expect.objectContaining({ type: "ping" })]);
  });

  it("after deletion, send nothing more, not even deliveries waiting for a retry", async () => {
    const hook = await createHook({ events: ["petition.created"] });
    await submitPetition();
    expect((await send("DELETE", `${hooks()}/${hook.id}`)).status).toBe(204);
    await submitPetition();
    await deliver();
    expect(received).toHaveLength(0);
    const rows = await t.database.db
      .selectFrom("outbox")
      .selectAll()
      .where("channel", "=", "webhook")
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.failed_at).not.toBeNull();
    expect((await get(hooks())).body.items).toHaveLength(0);
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("target_type", "=", "webhook")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["webhook.create", "webhook.delete"]);
  });

  it("rotate the secret: later deliveries are signed with the new one", async () => {
    const hook = await createHook({ events: ["petition.created"] });
    const rotated = await send("POST", `${hooks()}/${hook.id}/secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(hook.secret);
    await submitPetition();
    await deliver();
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const header = String(received[0]!.headers["gopy-signature"]);
    expect(verifySignature(rotated.body.secret, header, received[0]!.body, now)).toBe(true);
    expect(verifySignature(hook.secret, header, received[0]!.body, now)).toBe(false);
  });

  it("announce survey answers in batches of counts, never the answers, each answer once", async () => {
    await createHook({ events: ["survey.responses"] });
    for (let i = 0; i < 3; i++) {
      const res = await t.app.request(
        `/api/public/s/${t.demoCode}/responses`,
        jsonRequest("POST", {
          submissionId: crypto.randomUUID(),
          answers: { ...fullSipasAnswers(), comment: "Cô Lan dạy rất tận tâm" },
        }),
      );
      expect(res.status).toBe(201);
    }
    expect(await announceSurveyResponses(t.database.db, t.clock.now(), 0)).toBe(1);
    expect(await announceSurveyResponses(t.database.db, t.clock.now(), 0)).toBe(0);
    await deliver();
    expect(payloads()).toHaveLength(1);
    const [batch] = payloads();
    expect(batch.type).toBe("survey.responses");
    expect(batch.data.responses).toBe(3);
    expect(batch.data.surveys).toEqual([
      expect.objectContaining({
        unitSlug: "demo",
        responses: 3,
        links: [expect.objectContaining({ responses: 3 })],
      }),
    ]);
    expect(received[0]!.body).not.toContain("Cô Lan");

    // Answers younger than the settling time wait for the next batch.
    const res = await t.app.request(
      `/api/public/s/${t.demoCode}/responses`,
      jsonRequest("POST", { submissionId: crypto.randomUUID(), answers: fullSipasAnswers() }),
    );
    expect(res.status).toBe(201);
    expect(await announceSurveyResponses(t.database.db, t.clock.now(), 30_000)).toBe(0);
    t.clock.advance(30_000);
    expect(await announceSurveyResponses(t.database.db, t.clock.now(), 30_000)).toBe(1);
  });
});
