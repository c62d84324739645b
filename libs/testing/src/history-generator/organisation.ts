import {
  agencyAggregate,
  agencyDecider,
  bailiffAggregate,
  bailiffDecider,
  type Agency,
  type AgencyEvent,
  type BailiffEvent,
  type BailiffGrade,
} from '@app/agencies';
import type { IsoDate } from '@app/kernel';
import { afterDays } from './case-calendar';
import type { Random } from './random';
import type { GeneratedAgency, GeneratedBailiff, GeneratedHead, HistoryActor, PlannedEvent } from './history-types';
import {
  FAMILY_NAMES,
  FEMALE_GIVEN_NAMES,
  FEMALE_MIDDLE_NAMES,
  MALE_GIVEN_NAMES,
  MALE_MIDDLE_NAMES,
  PROVINCES,
  slug,
} from './vietnam';

/**
 * The tree is registered as it stands since July 2025 but valid from 2015, so that cases of earlier
 * statistical years have an open agency to belong to: the 63-province tree before the merger is
 * not modelled.
 */
export const AGENCIES_VALID_FROM: IsoDate = '2015-01-01';
export const CENTRAL_AGENCY_ID = 'cuc-qlthads';

export interface Organisation {
  central: GeneratedAgency;
  provinces: GeneratedAgency[];
  offices: GeneratedAgency[];
  agencies: Map<string, GeneratedAgency>;
  bailiffs: GeneratedBailiff[];
  bailiffById: Map<string, GeneratedBailiff>;
  /** Bailiffs by the agency they were first posted to, and by the one they moved to. */
  bailiffsByAgency: Map<string, GeneratedBailiff[]>;
  heads: Map<string, GeneratedHead>;
  admin: HistoryActor;
  /** Registrations and appointments, then the moves, each as the admin's command would have written it. */
  events: PlannedEvent[];
}

export function personName(random: Random, female = random.chance(0.5)): string {
  const family = random.weighted(FAMILY_NAMES);
  const middle = random.pick(female ? FEMALE_MIDDLE_NAMES : MALE_MIDDLE_NAMES);
  const given = random.pick(female ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES);
  return `${family} ${middle} ${given}`;
}

export function provinceFullName(info: { name: string; kind: string }): string {
  return info.name === 'Hồ Chí Minh' ? 'Thành phố Hồ Chí Minh' : `${info.kind} ${info.name}`;
}

export function generateOrganisation(random: Random, newId: () => string): Organisation {
  const events: PlannedEvent[] = [];
  const admin: HistoryActor = { id: 'admin-bo-tu-phap', role: 'admin', agencyId: CENTRAL_AGENCY_ID };
  const meta = (actor: HistoryActor) => ({
    actorId: actor.id,
    role: actor.role,
    agencyId: actor.agencyId,
    correlationId: newId(),
  });

  const states = new Map<string, Agency>();
  const register = (agency: GeneratedAgency) => {
    const decided: AgencyEvent[] = agencyDecider.decide(
      {
        type: 'RegisterAgency',
        input: {
          agencyId: agency.id,
          name: agency.name,
          level: agency.level,
          parentId: agency.parentId,
          validFrom: AGENCIES_VALID_FROM,
        },
        facts: {
          parent: agency.parentId === null ? null : (states.get(agency.parentId) ?? null),
        },
        context: undefined,
      },
      agencyDecider.initialState,
    );
    states.set(
      agency.id,
      decided.reduce((state, e) => agencyDecider.evolve(state, e), agencyDecider.initialState),
    );
    for (const e of decided) {
      events.push({
        streamId: agencyAggregate.streamId(agency.id),
        recordedOn: AGENCIES_VALID_FROM,
        event: {
          id: newId(),
          type: e.type,
          schemaVersion: agencyAggregate.schemaVersion?.(e.type) ?? 1,
          data: e.data,
          metadata: meta(admin),
        },
        afterOthers: false,
      });
    }
  };

  const central: GeneratedAgency = {
    id: CENTRAL_AGENCY_ID,
    name: 'Cục Quản lý thi hành án dân sự',
    level: 'central',
    parentId: null,
    provinceName: null,
  };
  register(central);
  const provinces: GeneratedAgency[] = [];
  const offices: GeneratedAgency[] = [];
  for (const info of PROVINCES) {
    const province: GeneratedAgency = {
      id: slug(info.name),
      name: `Thi hành án dân sự ${provinceFullName(info)}`,
      level: 'province',
      parentId: central.id,
      provinceName: info.name,
    };
    register(province);
    provinces.push(province);
    for (let n = 1; n <= info.offices; n++) {
      const office: GeneratedAgency = {
        id: `${province.id}-kv${n}`,
        name: `Phòng Thi hành án dân sự khu vực ${n} - ${info.name}`,
        level: 'local',
        parentId: province.id,
        provinceName: info.name,
      };
      register(office);
      offices.push(office);
    }
  }
  const agencies = new Map([central, ...provinces, ...offices].map((a) => [a.id, a]));

  const heads = new Map<string, GeneratedHead>();
  for (const agency of agencies.values()) {
    heads.set(agency.id, { id: `head-${agency.id}`, name: personName(random), agencyId: agency.id });
  }

  // About 11 bailiffs per regional office and 3 at each provincial agency: ~4,000 in all.
  const bailiffs: GeneratedBailiff[] = [];
  const bailiffsByAgency = new Map<string, GeneratedBailiff[]>();
  const postings = [
    ...provinces.map((agency) => [agency, 3] as const),
    ...offices.map((agency) => [agency, random.int(9, 13)] as const),
  ];
  for (const [agency, count] of postings) {
    for (let i = 0; i < count; i++) {
      const bailiff: GeneratedBailiff = {
        id: `chv-${String(bailiffs.length + 1).padStart(5, '0')}`,
        name: personName(random),
        agencyId: agency.id,
        grade: random.weighted<BailiffGrade>([
          ['junior', 45],
          ['intermediate', 45],
          ['senior', 10],
        ]),
        appointedOn: afterDays(`${random.int(2015, 2020)}-01-01`, random.int(0, 360)),
        move: null,
      };
      bailiffs.push(bailiff);
      list(bailiffsByAgency, agency.id).push(bailiff);
    }
  }
  for (const bailiff of bailiffs) {
    const appointed: BailiffEvent[] = [];
    let state = bailiffDecider.initialState;
    const apply = (decided: BailiffEvent[]) => {
      for (const e of decided) state = bailiffDecider.evolve(state, e);
      appointed.push(...decided);
    };
    apply(
      bailiffDecider.decide(
        {
          type: 'AppointBailiff',
          input: {
            bailiffId: bailiff.id,
            name: bailiff.name,
            agencyId: bailiff.agencyId,
            grade: bailiff.grade,
            appointedOn: bailiff.appointedOn,
          },
          facts: { agency: states.get(bailiff.agencyId)! },
          context: undefined,
        },
        state,
      ),
    );
    for (const e of appointed) {
      events.push({
        streamId: bailiffAggregate.streamId(bailiff.id),
        recordedOn: AGENCIES_VALID_FROM,
        event: {
          id: newId(),
          type: e.type,
          schemaVersion: bailiffAggregate.schemaVersion?.(e.type) ?? 1,
          data: e.data,
          metadata: meta(admin),
        },
        afterOthers: false,
      });
    }
    // One in a hundred moves to another office of the same province during the history.
    const home = agencies.get(bailiff.agencyId)!;
    if (home.level === 'local' && random.chance(0.01)) {
      const siblings = offices.filter((o) => o.parentId === home.parentId && o.id !== home.id);
      if (siblings.length > 0) {
        const to = random.pick(siblings);
        const on = afterDays(`${random.int(2023, 2026)}-01-01`, random.int(0, 240));
        const decided = bailiffDecider.decide(
          {
            type: 'MoveBailiff',
            input: { bailiffId: bailiff.id, toAgencyId: to.id, movedOn: on },
            facts: { toAgency: states.get(to.id)! },
            context: undefined,
          },
          state,
        );
        bailiff.move = { toAgencyId: to.id, on };
        list(bailiffsByAgency, to.id).push(bailiff);
        for (const e of decided) {
          events.push({
            streamId: bailiffAggregate.streamId(bailiff.id),
            recordedOn: on,
            event: {
              id: newId(),
              type: e.type,
              schemaVersion: bailiffAggregate.schemaVersion?.(e.type) ?? 1,
              data: e.data,
              metadata: meta(admin),
            },
            afterOthers: false,
          });
        }
      }
    }
  }
  const bailiffById = new Map(bailiffs.map((b) => [b.id, b]));
  return { central, provinces, offices, agencies, bailiffs, bailiffById, bailiffsByAgency, heads, admin, events };
}

/** Bailiffs who work at `agencyId` on `date`. */
export function bailiffsOn(organisation: Organisation, agencyId: string, date: IsoDate): GeneratedBailiff[] {
  return (organisation.bailiffsByAgency.get(agencyId) ?? []).filter((b) => {
    if (b.appointedOn > date) return false;
    if (b.move === null) return b.agencyId === agencyId;
    return b.agencyId === agencyId ? date < b.move.on : date >= b.move.on;
  });
}

/** The office a bailiff works at on `date`. */
export function postingOn(bailiff: GeneratedBailiff, date: IsoDate): string {
  return bailiff.move !== null && date >= bailiff.move.on ? bailiff.move.toAgencyId : bailiff.agencyId;
}

function list<K, V>(map: Map<K, V[]>, key: K): V[] {
  let values = map.get(key);
  if (!values) map.set(key, (values = []));
  return values;
}
