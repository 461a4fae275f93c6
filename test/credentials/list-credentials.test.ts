import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../harness/app.js';
import { type Account, call, registerAccount } from '../harness/http.js';
import { type CredentialBody, createCredential, insertAppTokens } from './helpers.js';

let t: TestApp;
let owner: Account;
beforeAll(async () => {
  t = await createTestApp();
  owner = await registerAccount(t.app, 'cred-list');
});
afterAll(() => t?.close());

type Page = { items: CredentialBody[]; total: number; page: number; page_size: number };
const list = (query: string, token = owner.token) =>
  call<Page & { code?: string }>(t.app, 'GET', `/api/v1/credentials${query}`, { token });

describe('listing credentials', () => {
  it('pages newest first, filters by type and name, includes app tokens, and never shows a value', async () => {
    await createCredential(t, owner, {
      type: 'bearer_token',
      name: 'github-bot',
      value: { token: 'PLANTED-l1' },
    });
    await createCredential(t, owner, { type: 'api_key', name: 'stripe_live', value: { key: 'PLANTED-l2' } });
    await createCredential(t, owner, { type: 'json', name: 'Stripe-test', value: { k: 'PLANTED-l3' } });
    const tokens = await insertAppTokens(t, owner, 'github-app-tokens');
    const other = await registerAccount(t.app, 'cred-list-other');
    await createCredential(t, other, { type: 'bearer_token', name: 'github-other', value: { token: 'x' } });

    const all = await list('');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(4);
    expect(all.body.items.map((c) => c.name)).toEqual([
      'github-app-tokens',
      'Stripe-test',
      'stripe_live',
      'github-bot',
    ]);
    expect(all.body.items[0]).toMatchObject({
      id: tokens.id,
      type: 'oauth2_tokens',
      settings: { provider: 'github' },
    });
    expect(JSON.stringify(all.body)).not.toContain('PLANTED');
    expect(JSON.stringify(all.body)).not.toContain('at-planted');
    for (const item of all.body.items) expect(item.value).toBeUndefined();

    expect((await list('?search=STRIPE')).body.items.map((c) => c.name)).toEqual([
      'Stripe-test',
      'stripe_live',
    ]);
    expect((await list('?search=_')).body.items.map((c) => c.name)).toEqual(['stripe_live']);
    expect((await list('?type=bearer_token')).body.items.map((c) => c.name)).toEqual(['github-bot']);
    expect((await list('?type=oauth2_tokens')).body.total).toBe(1);
    const second = await list('?page=2&page_size=3');
    expect(second.body).toMatchObject({ total: 4, page: 2, page_size: 3 });
    expect(second.body.items.map((c) => c.name)).toEqual(['github-bot']);
  });

  it('answers 400 to an unknown type or an oversized search', async () => {
    for (const query of ['?type=smtp', `?search=${'x'.repeat(101)}`, '?page_size=1000']) {
      const answer = await list(query);
      expect(answer.status, query).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
    }
  });
});
