import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import * as z from 'zod/mini';
import { DEFAULT_AREAS } from './areas.ts';
import { KioskConfig, type AreaConfig, type OutboundAuthConfig } from './schema.ts';
import { listenerProblems, resolveListenerPaths } from './listeners.ts';
import { checkOutboundUrl, OutboundUrlError } from '../net/outbound.ts';
import { CONFIG_DIR } from '../paths.ts';

/** Where `kiosk enrol` keeps the hall credential when the configuration names no file (in dataDir). */
export const HALL_CREDENTIAL_FILE = 'hall-credential.json';

/** A configuration that was read and validated, with every default filled in. */
/** The sample catalogue of 65 matters that ships for the demo. */
export const SAMPLE_CATALOGUE = join(CONFIG_DIR, 'catalogue.sample.json');

export type ResolvedConfig = Omit<KioskConfig, 'areas' | 'dataDir' | 'catalogue'> & {
  catalogue: { file: string };
  areas: AreaConfig[];
  /** Absolute. */
  dataDir: string;
  /** Where it came from, for messages. */
  source: string;
};

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Turns zod issues into one line each, naming the field by its path (`devices.ticketPrinter.connection.baudRate`).
 * For a union (a connection), it reports the branch that came closest, not every branch.
 */
export function describeConfigIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: (string | number)[] = [],
): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length > 0) {
      const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
      out.push(...describeConfigIssues(closest, path));
      continue;
    }
    const where = path.length ? path.join('.') : '(top level)';
    out.push(`${where}: ${issue.message}`);
  }
  return out;
}

export function parseConfig(value: unknown, source: string, baseDir: string): ResolvedConfig {
  const result = KioskConfig.safeParse(value);
  if (!result.success) throw new ConfigError(source, describeConfigIssues(result.error.issues));
  const config = result.data;
  const areas = config.areas ?? DEFAULT_AREAS;
  // Cross-field checks the schema cannot express.
  const problems: string[] = [];
  const areaIds = new Set(areas.map((a) => a.id));
  config.staff?.counters?.forEach((c, i) => {
    c.areaIds.forEach((id, j) => {
      if (!areaIds.has(id)) problems.push(`staff.counters.${i}.areaIds.${j}: no service area "${id}"`);
    });
    if (config.staff!.counters!.findIndex((o) => o.id === c.id) !== i)
      problems.push(`staff.counters.${i}.id: counter "${c.id}" appears twice`);
  });
  problems.push(...listenerProblems(config.server));
  if (config.queue.mode === 'hall' && !config.hall.server)
    problems.push(
      'queue.mode: "hall" takes its numbers from the hall server: hall.server.url is required (and `kiosk enrol` run once)',
    );
  // Outbound URLs: https (http only to this machine), never credentials in them (net/outbound.ts).
  const outbound: [string, string | undefined][] = [
    ['ratings.endpoint.url', config.ratings?.endpoint.url],
    [
      'appointments.source.url',
      config.appointments && 'url' in config.appointments.source ? config.appointments.source.url : undefined,
    ],
  ];
  for (const [what, url] of outbound) {
    if (url === undefined) continue;
    try {
      checkOutboundUrl(url, what);
    } catch (e) {
      if (!(e instanceof OutboundUrlError)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length > 0) throw new ConfigError(source, problems);
  const appointments = config.appointments;
  const files = (auth: OutboundAuthConfig | undefined): OutboundAuthConfig | undefined =>
    auth?.clientCertificate
      ? {
          ...auth,
          clientCertificate: {
            certFile: resolve(baseDir, auth.clientCertificate.certFile),
            keyFile: resolve(baseDir, auth.clientCertificate.keyFile),
            ...(auth.clientCertificate.caFile
              ? { caFile: resolve(baseDir, auth.clientCertificate.caFile) }
              : {}),
          },
        }
      : auth;
  return {
    ...config,
    areas,
    server: resolveListenerPaths(config.server, baseDir),
    dataDir: resolve(baseDir, config.dataDir),
    ...(config.hall.server
      ? {
          hall: {
            ...config.hall,
            server: {
              ...config.hall.server,
              credentialFile: config.hall.server.credentialFile
                ? resolve(baseDir, config.hall.server.credentialFile)
                : join(resolve(baseDir, config.dataDir), HALL_CREDENTIAL_FILE),
            },
          },
        }
      : {}),
    ...(appointments && 'file' in appointments.source
      ? { appointments: { ...appointments, source: { file: resolve(baseDir, appointments.source.file) } } }
      : appointments && 'url' in appointments.source
        ? {
            appointments: {
              ...appointments,
              source: { ...appointments.source, auth: files(appointments.source.auth) },
            },
          }
        : {}),
    ...(config.ratings
      ? {
          ratings: {
            ...config.ratings,
            endpoint: { ...config.ratings.endpoint, auth: files(config.ratings.endpoint.auth) },
          },
        }
      : {}),
    catalogue: { file: config.catalogue ? resolve(baseDir, config.catalogue.file) : SAMPLE_CATALOGUE },
    source,
  };
}

/** The hall credential file of a configuration: `hall.server.credentialFile`, or hall-credential.json in dataDir. */
export function hallCredentialFile(config: Pick<ResolvedConfig, 'hall' | 'dataDir'>): string {
  return config.hall.server?.credentialFile ?? join(config.dataDir, HALL_CREDENTIAL_FILE);
}

/** Reads and validates a JSON configuration file; throws ConfigError with every problem found. */
export function loadConfigFile(file: string): ResolvedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [
      `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [`not valid JSON: ${(e as Error).message}`]);
  }
  return parseConfig(json, file, dirname(resolve(file)));
}

/** The JSON Schema of the configuration file, for editors (`"$schema": "…/config.schema.json"`). */
export function configJsonSchema(): object {
  return z.toJSONSchema(KioskConfig, { io: 'input', unrepresentable: 'any' });
}
