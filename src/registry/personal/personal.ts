import { Authorized, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { PERSONAL_DATA } from '../../auth/viewer.js';
import type { PersonalReadAudit } from './audit.js';

interface Audited {
  readonly audit: PersonalReadAudit;
}

/** The record a personal field belongs to must carry its hub id. */
interface Record {
  readonly id: number | string;
}

const auditRead: MiddlewareFn<Audited> = async ({ root, context, info }, next) => {
  await context.audit.record(info.parentType.name, Number((root as Record).id), info.fieldName, info);
  return next();
};

/**
 * Marks a field as personal data: it resolves for registry officers only (auth/checker.ts checks
 * it per field, whatever query reached it), and every read is in the audit log before the value
 * is returned.
 */
export function Personal(): PropertyDecorator & MethodDecorator {
  const authorized = Authorized(PERSONAL_DATA);
  const audited = UseMiddleware(auditRead);
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    authorized(target, key, descriptor as never);
    audited(target, key, descriptor as never);
  };
}
