import { afterAll, beforeAll, expect, test } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/platform/http/app.ts';
import { describeEachDatabase, testConfig } from '../helpers/db.ts';
import { Browser, count, linkIn, startSmtp } from './support.ts';

// A real SMTP server on 127.0.0.1: the mails of this file travel over SMTP and are read here.
const smtp = await startSmtp();
afterAll(() => smtp.close());

describeEachDatabase(
  'sign-up to invitation, with mail over SMTP',
  (ctx, kind) => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildApp(ctx(), { logger: false });
    });
    afterAll(() => app.close());

    const ownerEmail = `owner-${kind}@example.org`;
    const guestEmail = `Guest-${kind}@Example.org`;

    test('sign up, confirm by the mailed link, sign in, create an organisation, invite, accept with a second account', async () => {
      const owner = new Browser(app);
      const form = await owner.get('/signup');
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('name="email"');
      expect(form.body).toContain('autocomplete="new-password"');

      const signup = await owner.post('/signup', { name: 'Olivia Owner', email: ownerEmail, password: 'a long enough password' });
      // The same answer as for an address that has an account: no session, look in your mail.
      expect(signup.statusCode).toBe(303);
      expect(signup.headers.location).toBe('/signin');
      expect(signup.cookies.find((c) => c.name === 'vaardig_session')).toBeUndefined();
      const signedIn = await owner.post('/signin', { email: ownerEmail, password: 'a long enough password' });
      const cookie = signedIn.cookies.find((c) => c.name === 'vaardig_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

      // Unconfirmed: may sign in, cannot create an organisation.
      const blocked = await owner.get('/organisations/new');
      expect(blocked.body).toContain('Confirm your email address before you create an organisation');
      const refused = await owner.post('/organisations', { slug: `unconfirmed-${kind}`, name: 'Nope' });
      expect(refused.statusCode).toBe(403);
      expect(await ctx().db.selectFrom('organisations').where('slug', '=', `unconfirmed-${kind}`).select('id').execute()).toHaveLength(0);

      const mail = await smtp.waitFor(ownerEmail);
      expect(mail.subject).toBe('Confirm your email address for Vaardig');
      const confirmPath = linkIn(mail.text, 'confirm');
      const stored = await ctx()
        .db.selectFrom('email_tokens')
        .select(['token_hash', 'purpose', 'expires_at'])
        .where('purpose', '=', 'confirm')
        .execute();
      const token = confirmPath.split('/').pop() as string;
      expect(stored.some((r) => r.token_hash === token)).toBe(false);
      const hours = (new Date(stored[stored.length - 1].expires_at).getTime() - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(47.9);
      expect(hours).toBeLessThanOrEqual(48);

      // A fresh browser confirms: it is signed in afterwards.
      const other = new Browser(app);
      expect((await other.get(confirmPath)).statusCode).toBe(200);
      const confirmed = await other.post(confirmPath);
      expect(confirmed.statusCode).toBe(303);
      expect(other.session).toBeTruthy();
      const account = await other.get('/account');
      expect(account.body).toContain('Email address confirmed');
      // Single use.
      expect((await other.post(confirmPath)).statusCode).toBe(404);
      expect((await other.get(confirmPath)).statusCode).toBe(404);

      // Sign out, then sign in with a next path; a foreign next is ignored.
      expect((await other.post('/signout')).statusCode).toBe(303);
      expect(other.session).toBeUndefined();
      expect((await other.get('/account')).headers.location).toBe('/signin?next=%2Faccount');
      const wrong = await other.post('/signin', { email: ownerEmail, password: 'not the password', next: '/organisations' });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.body).toContain('The email address or password is not right');
      const signin = await other.post('/signin', {
        email: ownerEmail.toUpperCase(),
        password: 'a long enough password',
        next: '/organisations/new',
      });
      expect(signin.statusCode).toBe(303);
      expect(signin.headers.location).toBe('/organisations/new');
      const evil = await new Browser(app).post('/signin', {
        email: ownerEmail,
        password: 'a long enough password',
        next: '//evil.example/',
      });
      expect(evil.headers.location).toBe('/');

      // Create an organisation.
      const slug = `maasdal-${kind}`;
      const bad = await other.post('/organisations', { slug: 'Not A Slug', name: '', kind: 'employer' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('id="slug-error"');
      expect(bad.body).toContain('id="name-error"');
      const created = await other.post('/organisations', {
        slug,
        name: 'Maasdal Techniek',
        kind: 'employer',
        description: 'Engineering',
        website: 'https://maasdal.example',
      });
      expect(created.statusCode).toBe(303);
      expect(created.headers.location).toBe(`/organisations/${slug}`);
      const orgPage = await other.get(`/organisations/${slug}`);
      expect(orgPage.body).toContain('Maasdal Techniek');
      expect(orgPage.body).toContain('The organisation Maasdal Techniek is created.');
      expect(orgPage.body).toContain('owner');

      // Invite a second person, who signs up first and then accepts.
      const invited = await other.post(`/organisations/${slug}/invitations`, { email: guestEmail, role: 'issuer' });
      expect(invited.statusCode).toBe(303);
      const invitation = await smtp.waitFor(guestEmail.toLowerCase());
      expect(invitation.subject).toContain('Maasdal Techniek');
      const invitePath = linkIn(invitation.text, 'invitations');
      const invitationRow = await ctx()
        .db.selectFrom('invitations')
        .selectAll()
        .where('email', '=', guestEmail.toLowerCase())
        .executeTakeFirstOrThrow();
      expect(invitationRow.token_hash).not.toBe(invitePath.split('/').pop());
      const days = (new Date(invitationRow.expires_at).getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.99);

      const guest = new Browser(app);
      const view = await guest.get(invitePath);
      expect(view.statusCode).toBe(200);
      expect(view.body).toContain(`/signup?next=${encodeURIComponent(invitePath)}`);
      const guestSignup = await guest.post(`/signup?next=${encodeURIComponent(invitePath)}`, {
        name: 'Gijs Gast',
        email: guestEmail,
        password: 'another long password',
      });
      expect(guestSignup.headers.location).toBe(`/signin?next=${encodeURIComponent(invitePath)}`);
      const guestSignIn = await guest.post('/signin', { email: guestEmail, password: 'another long password', next: invitePath });
      expect(guestSignIn.headers.location).toBe(invitePath);
      const acceptForm = await guest.get(invitePath);
      expect(acceptForm.body).toContain('Accept invitation');
      const accepted = await guest.post(invitePath);
      expect(accepted.statusCode).toBe(303);
      expect(accepted.headers.location).toBe(`/organisations/${slug}`);
      const members = await guest.get(`/organisations/${slug}`);
      expect(members.statusCode).toBe(200);
      expect(members.body).toContain('Gijs Gast');
      expect(members.body).toContain('Olivia Owner');
      // Used once.
      expect((await guest.post(invitePath)).statusCode).toBe(404);
      const membership = await ctx()
        .db.selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select('memberships.role')
        .where('users.email', '=', guestEmail.toLowerCase())
        .executeTakeFirstOrThrow();
      expect(membership.role).toBe('issuer');
    });

    test('an invitation cannot be accepted by an account with another email address', async () => {
      const owner = new Browser(app);
      await owner.post('/signin', { email: ownerEmail, password: 'a long enough password' });
      const target = `target-${kind}@example.org`;
      await owner.post(`/organisations/maasdal-${kind}/invitations`, { email: target, role: 'member' });
      const path = linkIn((await smtp.waitFor(target)).text, 'invitations');
      const before = await count(ctx(), 'memberships');
      const stranger = new Browser(app);
      await stranger.post('/signup', { name: 'Stranger', email: `stranger-${kind}@example.org`, password: 'stranger password' });
      await stranger.post('/signin', { email: `stranger-${kind}@example.org`, password: 'stranger password' });
      expect((await stranger.get(path)).body).toContain('You are signed in as');
      const response = await stranger.post(path);
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain('This invitation was sent to another email address');
      expect(await count(ctx(), 'memberships')).toBe(before);
    });

    test('the confirmation mail can be sent again, in Dutch for a Dutch reader', async () => {
      const browser = new Browser(app, 'nl');
      const email = `nl-${kind}@example.org`;
      await browser.post('/signup', { name: 'Noor', email, password: 'een lang wachtwoord' });
      const first = await smtp.waitFor(email);
      expect(first.subject).toBe('Bevestig je e-mailadres voor Vaardig');
      const resend = await browser.post('/confirm/resend', { email });
      expect(resend.statusCode).toBe(303);
      const second = await smtp.waitFor(email, 2);
      expect(linkIn(second.text, 'confirm')).not.toBe(linkIn(first.text, 'confirm'));
      expect(second.text).toContain('één keer');
    });
  },
  () => testConfig({ smtp: { host: '127.0.0.1', port: smtp.port, secure: false } }),
);
