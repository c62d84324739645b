import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

export async function signingKey(alg: string, kid = `key-${randomUUID().slice(0, 8)}`): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/**
 * An identity provider on the loopback interface, as Keycloak or any OIDC provider publishes its
 * keys: `GET /certs` answers the current key set. Tests swap keys (rotation) or make it fail (outage).
 */
export class TestIdentityProvider {
  readonly issuer: string;
  readonly jwksUrl: string;
  /** Keys published at /certs. */
  published: SigningKey[] = [];
  /** While set, /certs answers this status instead of the key set. */
  failWith: number | null = null;
  fetches = 0;

  private constructor(
    private readonly server: Server,
    port: number,
  ) {
    this.issuer = `http://127.0.0.1:${port}/realms/thads`;
    this.jwksUrl = `http://127.0.0.1:${port}/realms/thads/protocol/openid-connect/certs`;
  }

  static async start(): Promise<TestIdentityProvider> {
    // Requests arrive only once `listen` has resolved, by which time `provider` is set.
    const server = createServer((request, response) => provider.serve(request.url, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const provider = new TestIdentityProvider(server, (server.address() as AddressInfo).port);
    return provider;
  }

  private serve(url: string | undefined, response: ServerResponse): void {
    if (!url?.endsWith('/certs')) {
      response.writeHead(404).end();
      return;
    }
    this.fetches++;
    if (this.failWith !== null) {
      response.writeHead(this.failWith).end();
      return;
    }
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ keys: this.published.map((key) => key.jwk) }));
  }

  /**
   * A token as the provider would issue it: `claims` over the defaults (issuer, `audience`, issued
   * now, valid five minutes); a claim set to undefined is left out.
   */
  async token(
    key: SigningKey,
    claims: JWTPayload & Record<string, unknown>,
    options: { audience?: string; header?: Record<string, unknown> } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const payload: Record<string, unknown> = {
      iss: this.issuer,
      aud: options.audience ?? 'thads-api',
      iat: now,
      exp: now + 300,
      jti: randomUUID(),
      ...claims,
    };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...options.header })
      .sign(key.privateKey);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }
}
