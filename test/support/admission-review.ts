// AdmissionReview v1 requests for tests of admission webhooks: a review builder and an HTTPS POST that trusts
// one CA and checks the certificate against a chosen name (the Service's DNS name when dialling a pod IP).
import { randomUUID } from 'node:crypto';
import { request } from 'node:https';

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: { code?: number; reason?: string; message?: string };
  warnings?: string[];
  patchType?: string;
  patch?: string;
}
export interface AdmissionReviewAnswer { apiVersion: string; kind: string; response: AdmissionResponse }
export interface ReviewAnswer { code: number; body: string; review?: AdmissionReviewAnswer }

/** An admission.k8s.io/v1 AdmissionReview for `object` (kind and resource given). */
export function admissionReview(object: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }; [field: string]: unknown }, options: {
  operation?: 'CREATE' | 'UPDATE' | 'DELETE';
  resource: { group: string; version: string; resource: string };
  kind: { group: string; version: string; kind: string };
  subResource?: string;
  name?: string;
}): object {
  const name = options.name ?? object.metadata?.name;
  return {
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: {
      uid: randomUUID(), kind: options.kind, resource: options.resource, ...(options.subResource ? { subResource: options.subResource } : {}),
      requestKind: options.kind, requestResource: options.resource,
      ...(name ? { name } : {}), namespace: object.metadata?.namespace ?? 'default', operation: options.operation ?? 'CREATE',
      userInfo: { username: 'tester', groups: ['system:authenticated'] }, object, dryRun: false,
      options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
    },
  };
}

/** POSTs `body` (JSON unless a string) to url over HTTPS, trusting only `ca` and checking the name `servername`. */
export function postReview(url: string, body: object | string, options: { ca: string; servername?: string; method?: string; contentType?: string }): Promise<ReviewAnswer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: options.method ?? 'POST', ca: options.ca, ...(options.servername ? { servername: options.servername } : {}),
      headers: { 'content-type': options.contentType ?? 'application/json', 'content-length': Buffer.byteLength(text) },
    }, (res) => {
      let out = '';
      res.on('data', (d: Buffer) => { out += d.toString(); });
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        resolve({ code, body: out, ...(code === 200 ? { review: JSON.parse(out) as AdmissionReviewAnswer } : {}) });
      });
    });
    req.on('error', reject);
    req.end(options.method === 'GET' ? undefined : text);
  });
}

/** The JSONPatch of a response, decoded. */
export const decodedPatch = (r: AdmissionResponse): unknown => (r.patch === undefined ? undefined : JSON.parse(Buffer.from(r.patch, 'base64').toString('utf8')));
