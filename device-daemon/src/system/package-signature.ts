import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * Signed packages: an ed25519 signature over the package's SHA-256, in a small text file beside it
 * (`hall-kiosk_1.2.0_amd64.deb.sig`). A kiosk installs an upgrade only when one of its trusted keys
 * signed exactly these bytes. The signed text names what it is, so a signature can never be taken for
 * anything else.
 */
const MAGIC = 'hall-kiosk package signature v1';

export type SignatureFile = { keyId: string; sha256: string; signature: string };

export type SignatureProblem =
  | { code: 'missingSignature'; message: string }
  | { code: 'malformedSignature'; message: string }
  | { code: 'untrustedKey'; message: string }
  | { code: 'tampered'; message: string };

export class PackageSignatureError extends Error {
  constructor(readonly problem: SignatureProblem) {
    super(problem.message);
    this.name = 'PackageSignatureError';
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A short, stable name for a public key: the first 16 hex digits of the SHA-256 of its DER form. */
export function keyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

const signedText = (sha256: string) => Buffer.from(`${MAGIC}\nsha256 ${sha256}\n`);

export function generateSigningKey(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export async function signPackage(path: string, privateKeyPem: string): Promise<string> {
  const privateKey = createPrivateKey(privateKeyPem);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new TypeError('the signing key must be an ed25519 key');
  const sha256 = await sha256File(path);
  const file: SignatureFile = {
    keyId: keyId(createPublicKey(privateKey)),
    sha256,
    signature: sign(null, signedText(sha256), privateKey).toString('base64'),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function parseSignatureFile(text: string): SignatureFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PackageSignatureError({
      code: 'malformedSignature',
      message: 'the signature file is not JSON',
    });
  }
  const v = value as Partial<SignatureFile> | null;
  if (
    typeof v !== 'object' ||
    v === null ||
    typeof v.keyId !== 'string' ||
    typeof v.sha256 !== 'string' ||
    !/^[0-9a-f]{64}$/.test(v.sha256) ||
    typeof v.signature !== 'string'
  )
    throw new PackageSignatureError({
      code: 'malformedSignature',
      message: 'the signature file needs keyId, sha256 (64 hex digits) and signature',
    });
  return { keyId: v.keyId, sha256: v.sha256, signature: v.signature };
}

/**
 * Checks a package against its signature and the kiosk's trusted public keys (PEM). Resolves with the
 * key id that signed it; rejects with a PackageSignatureError that says what is wrong.
 */
export async function verifyPackage(
  path: string,
  signatureText: string | undefined,
  trustedPublicKeysPem: readonly string[],
): Promise<string> {
  if (signatureText === undefined)
    throw new PackageSignatureError({
      code: 'missingSignature',
      message: `${path} has no signature (${path}.sig); unsigned packages are never installed`,
    });
  const sig = parseSignatureFile(signatureText);
  const key = trustedPublicKeysPem.map((pem) => createPublicKey(pem)).find((k) => keyId(k) === sig.keyId);
  if (!key)
    throw new PackageSignatureError({
      code: 'untrustedKey',
      message: `signed by key ${sig.keyId}, which this kiosk does not trust`,
    });
  const actual = await sha256File(path);
  const signatureOk = verify(null, signedText(sig.sha256), key, Buffer.from(sig.signature, 'base64'));
  if (!signatureOk || actual !== sig.sha256)
    throw new PackageSignatureError({
      code: 'tampered',
      message: `${path} does not match its signature: it was changed after signing, or the signature is forged`,
    });
  return sig.keyId;
}
