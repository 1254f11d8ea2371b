import { expect, test, type Page, type Request } from "@playwright/test";
import { fixtures, record } from "./support/claim";
import { E2E_OPERATORS } from "./support/operators";
import { signIn } from "./support/sign-in";

const MEMBERS = "/dashboard/settings/members";

function memberRow(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
}

test.describe("members and invitations", () => {
  test("invite → development outbox → accept with a new password → signed in as the new member", async ({ page, browser }, testInfo) => {
    const email = `new.member.${testInfo.project.name}.${Date.now()}@acme.test`;
    const name = `Nina Newcomer ${testInfo.project.name}`;
    await signIn(page, E2E_OPERATORS.admin, { callbackUrl: MEMBERS });
    await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
    await expect(memberRow(page, E2E_OPERATORS.viewer.name)).toContainText(E2E_OPERATORS.viewer.email);
    await record(page, testInfo, "members");

    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Role", { exact: true }).selectOption("operator");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText(`Invitation for ${email} created.`)).toBeVisible();
    await expect(page.getByRole("listitem").filter({ hasText: email })).toContainText("as operator");

    await page.getByRole("link", { name: "development outbox" }).first().click();
    await expect(page).toHaveURL(/\/dev\/outbox$/);
    await expect(page.getByRole("heading", { level: 1, name: "Development outbox" })).toBeVisible();
    const message = page.getByRole("article").filter({ hasText: email }).first();
    await expect(message).toContainText(`${E2E_OPERATORS.admin.name} invited you to ${fixtures().organizationName}`);
    await expect(message).toContainText(`as an operator.`);
    await record(page, testInfo, "outbox");
    const inviteUrl = await message.getByRole("link", { name: /\/invite\// }).getAttribute("href");
    expect(inviteUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invite\/[A-Za-z0-9_-]{32}$/);

    // The invitee, in a browser of their own.
    const context = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
    const invitee = await context.newPage();
    const response = await invitee.goto(inviteUrl!);
    expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
    await expect(invitee.getByRole("heading", { level: 1, name: `Join ${fixtures().organizationName}` })).toBeVisible();
    await record(invitee, testInfo, "invite");
    await invitee.getByLabel("Your name").fill(name);
    await invitee.getByLabel("Choose a password").fill("short");
    await invitee.getByRole("button", { name: "Accept invitation" }).click();
    await expect(invitee.locator("#invite-error")).toHaveText("Passwords are 12 to 256 characters.");
    await invitee.getByLabel("Your name").fill(name);
    // The second try from the keyboard: Enter in the password field submits.
    await invitee.getByLabel("Choose a password").fill("a good long passphrase");
    await invitee.getByLabel("Choose a password").press("Enter");
    await expect(invitee).toHaveURL(/\/dashboard$/);
    await invitee.goto("/dashboard/settings");
    await expect(invitee.getByTestId("signed-in-user")).toHaveText(name);
    await expect(invitee.getByTestId("member-role")).toHaveText("operator");

    // Single use: the same link again says so.
    await invitee.goto(inviteUrl!);
    await expect(invitee.getByRole("heading", { level: 1, name: "This invitation has been used" })).toBeVisible();
    await context.close();

    await page.goto(MEMBERS);
    await expect(memberRow(page, name)).toContainText(email);
  });

  test("an admin changes a role, cannot demote the only admin, and withdraws an invitation", async ({ page }, testInfo) => {
    await signIn(page, E2E_OPERATORS.admin, { callbackUrl: MEMBERS });
    const otto = memberRow(page, E2E_OPERATORS.operator.name);
    await otto.getByLabel(`Role of ${E2E_OPERATORS.operator.name}`, { exact: true }).selectOption("viewer");
    await otto.getByRole("button", { name: `Save role of ${E2E_OPERATORS.operator.name}` }).click();
    await expect(otto.getByLabel(`Role of ${E2E_OPERATORS.operator.name}`, { exact: true })).toHaveValue("viewer");
    await page.reload();
    await expect(memberRow(page, E2E_OPERATORS.operator.name).getByLabel(`Role of ${E2E_OPERATORS.operator.name}`, { exact: true })).toHaveValue("viewer");
    // Put it back for the other specs.
    await memberRow(page, E2E_OPERATORS.operator.name).getByLabel(`Role of ${E2E_OPERATORS.operator.name}`, { exact: true }).selectOption("operator");
    await memberRow(page, E2E_OPERATORS.operator.name).getByRole("button", { name: /Save role/ }).click();
    await page.reload();
    await expect(memberRow(page, E2E_OPERATORS.operator.name).getByLabel(`Role of ${E2E_OPERATORS.operator.name}`, { exact: true })).toHaveValue("operator");

    const ada = memberRow(page, E2E_OPERATORS.admin.name);
    await ada.getByLabel(`Role of ${E2E_OPERATORS.admin.name}`, { exact: true }).selectOption("viewer");
    await ada.getByRole("button", { name: /Save role/ }).click();
    await expect(ada.getByRole("alert")).toHaveText("An organisation keeps at least one admin: make someone else an admin first.");
    await ada.getByRole("button", { name: `Remove ${E2E_OPERATORS.admin.name}` }).click();
    await ada.getByRole("button", { name: `Confirm: remove ${E2E_OPERATORS.admin.name}` }).click();
    await expect(ada.getByRole("alert")).toHaveText("An organisation keeps at least one admin: make someone else an admin first.");

    const email = `withdrawn.${testInfo.project.name}.${Date.now()}@acme.test`;
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByText(`Invitation for ${email} created.`)).toBeVisible();
    await page.getByRole("button", { name: `Withdraw the invitation for ${email}` }).click();
    await expect(page.getByRole("listitem").filter({ hasText: email })).toHaveCount(0);

    await page.getByLabel("Email").fill("not an email");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.locator("#invite-error")).toHaveText("Enter a valid email address, like name@example.com.");
  });

  test("a viewer is refused the members page and its actions on the server; a cross-site POST to a server action is refused", async ({ page, browser }) => {
    // The admin's browser, to capture a real server-action request (aborted, so it changes nothing).
    await signIn(page, E2E_OPERATORS.admin, { callbackUrl: MEMBERS });
    let captured: Request | null = null;
    await page.route("**/dashboard/settings/members", async (route) => {
      if (route.request().method() === "POST" && route.request().headers()["next-action"]) {
        captured = route.request();
        await route.abort();
      } else await route.continue();
    });
    const vera = memberRow(page, E2E_OPERATORS.viewer.name);
    await vera.getByLabel(`Role of ${E2E_OPERATORS.viewer.name}`, { exact: true }).selectOption("admin");
    await vera.getByRole("button", { name: /Save role/ }).click();
    await expect.poll(() => captured).not.toBeNull();
    const request = captured! as Request;
    await page.unroute("**/dashboard/settings/members");
    const replay = (origin: string) => ({
      headers: {
        "content-type": request.headers()["content-type"],
        "next-action": request.headers()["next-action"],
        accept: "text/x-component",
        origin,
      },
      data: request.postDataBuffer()!,
    });
    const roleOfVera = async () => {
      await page.goto(MEMBERS);
      return memberRow(page, E2E_OPERATORS.viewer.name).getByLabel(`Role of ${E2E_OPERATORS.viewer.name}`, { exact: true }).inputValue();
    };
    const origin = new URL(page.url()).origin;

    // Another site's page posting the action with the admin's cookies: Next's Origin check refuses it.
    const crossSite = await page.request.post(MEMBERS, replay("https://evil.example"));
    expect(crossSite.status()).toBeGreaterThanOrEqual(400);
    expect(await roleOfVera()).toBe("viewer");

    // The viewer, signed in, sends the very same request from the right origin: refused by requireRole.
    const context = await browser.newContext();
    const viewer = await context.newPage();
    await signIn(viewer, E2E_OPERATORS.viewer, { callbackUrl: MEMBERS });
    await expect(viewer.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
    await expect(viewer.getByText("Only admins can see and manage the members")).toBeVisible();
    await expect(viewer.getByRole("table")).toHaveCount(0);
    await expect(viewer.getByText(E2E_OPERATORS.operator.email)).toHaveCount(0);
    const refused = await viewer.request.post(MEMBERS, replay(origin));
    expect(await refused.text()).toContain("Your role in this organisation does not allow this.");
    expect(await roleOfVera()).toBe("viewer");

    // The development outbox is for admins only too.
    await viewer.goto("/dev/outbox");
    await expect(viewer.getByText("Only admins can read the outbox")).toBeVisible();
    await expect(viewer.getByRole("article")).toHaveCount(0);
    await context.close();

    // Control: the same replay from the admin on the right origin does change the role (so the
    // refusals above are the checks at work, not a broken replay). Then put it back.
    const allowed = await page.request.post(MEMBERS, replay(origin));
    expect(allowed.status()).toBe(200);
    expect(await roleOfVera()).toBe("admin");
    await memberRow(page, E2E_OPERATORS.viewer.name).getByLabel(`Role of ${E2E_OPERATORS.viewer.name}`, { exact: true }).selectOption("viewer");
    await memberRow(page, E2E_OPERATORS.viewer.name).getByRole("button", { name: /Save role/ }).click();
    await expect.poll(roleOfVera).toBe("viewer");
  });

  test("a member of one organisation cannot see another's members or switch into it", async ({ page }) => {
    const other = fixtures().otherOrganization;
    await signIn(page, E2E_OPERATORS.otherOrgAdmin, { callbackUrl: MEMBERS });
    await expect(page.getByTestId("organization-name")).toHaveText(other.name);
    await expect(page.getByText(E2E_OPERATORS.otherOrgAdmin.email)).toBeVisible();
    await expect(page.getByText(E2E_OPERATORS.admin.email)).toHaveCount(0);

    // Asking the session to switch to an organisation it does not belong to changes nothing.
    const { csrfToken } = await (await page.request.get("/api/auth/csrf")).json();
    await page.request.post("/api/auth/session", { data: { csrfToken, data: { organizationId: fixtures().organizationId } } });
    await page.goto(MEMBERS);
    await expect(page.getByTestId("organization-name")).toHaveText(other.name);
    await expect(page.getByText(E2E_OPERATORS.admin.email)).toHaveCount(0);

    // And the other way round: the e2e organisation's admin sees none of the second organisation's
    // members, and its link page is a 404.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await signIn(page, E2E_OPERATORS.admin, { callbackUrl: MEMBERS });
    await expect(page.getByTestId("organization-name")).toHaveText(fixtures().organizationName);
    await expect(page.getByText(E2E_OPERATORS.otherOrgAdmin.email)).toHaveCount(0);
    const response = await page.goto(`/dashboard/links/plink_${other.linkId}`);
    expect(response?.status()).toBe(404);
    await expect(page.getByText("Globex seed link")).toHaveCount(0);
  });

  test("a member of two organisations switches between them", async ({ page }) => {
    await signIn(page, E2E_OPERATORS.twoOrgs, { callbackUrl: MEMBERS });
    const switcher = page.getByLabel("Organisation");
    await expect(switcher).toHaveValue(fixtures().organizationId);
    await expect(page.getByTestId("member-role")).toHaveText("viewer");
    await expect(page.getByText("Only admins can see and manage the members")).toBeVisible();
    await switcher.selectOption(fixtures().otherOrganization.id);
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto(MEMBERS);
    await expect(page.getByLabel("Organisation")).toHaveValue(fixtures().otherOrganization.id);
    await expect(page.getByTestId("member-role")).toHaveText("admin");
    await expect(page.getByText(E2E_OPERATORS.otherOrgAdmin.email)).toBeVisible();
  });
});
