import type { SpaceRole, UserRole } from '$lib/domain/auth';
import { isMutationName, mutationArgs, type MutationArgs, type PushedMutation } from '$lib/domain/mutations';
import { uncleanTextPath } from '$lib/domain/text';
import { firstMessageKey } from '../api';
import * as monitoring from '../monitoring/aggregates';
import { memberRole } from './access';
import { handlers } from './handlers';
import type { Poke } from './pokes';
import { MutationRejected } from './rejection';
import { changedByColumn, type Handler, type MutationContext, type Trx } from './write';

export { MutationRejected } from './rejection';
export type { MutationContext } from './write';

/**
 * Who pushes, read once per transaction of a push: the session's user, and their role in each space as the
 * memberships table says (asked once per space, then kept), never what the device claims.
 */
export interface Writer {
	user: { id: string; name: string; role: UserRole };
	roles: Map<string, SpaceRole | null>;
}

/** The writer of a push: the session user as the database has them. */
export async function loadWriter(trx: Trx, userId: string): Promise<Writer> {
	const row = await trx
		.selectFrom('users')
		.select(['name', 'role'])
		.where('id', '=', userId)
		.executeTakeFirstOrThrow();
	return { user: { id: userId, name: row.name, role: row.role }, roles: new Map() };
}

async function roleIn(trx: Trx, writer: Writer, space: string): Promise<SpaceRole | null> {
	if (!writer.roles.has(space)) writer.roles.set(space, await memberRole(trx, writer.user.id, space));
	return writer.roles.get(space) ?? null;
}

/**
 * The only way the server applies a device's change: validate the arguments with the shared schema, check
 * the user may write the space (for `seller.create`, whose space does not exist yet: that the user is a
 * facilitator), then run the entity's handler inside the caller's transaction; every row it writes carries
 * who did it (`changed_by`) in the same statement. Throws MutationRejected when the mutation cannot be
 * applied; the caller rolls back what it wrote. Returns the pokes to send after the commit: the space, and
 * the users whose access to it changed.
 */
export async function applyMutation(
	trx: Trx,
	ctx: MutationContext,
	writer: Writer,
	mutation: PushedMutation
): Promise<{ pokes: Poke[] }> {
	const { name, space } = mutation;
	if (!isMutationName(name)) throw new MutationRejected('invalid', 'err.unknown_mutation');
	if (uncleanTextPath(mutation.args)) throw new MutationRejected('invalid', 'err.text_invalid_chars');
	const parsed = mutationArgs[name].safeParse(mutation.args);
	if (!parsed.success) throw new MutationRejected('invalid', firstMessageKey(parsed.error));
	let role: SpaceRole | null;
	if (name === 'seller.create') {
		if (writer.user.role !== 'facilitator') throw new MutationRejected('forbidden', 'err.facilitator_only');
		// The handler makes the space with its maker as its facilitator.
		role = 'facilitator';
	} else {
		role = await roleIn(trx, writer, space);
		if (role !== 'owner' && role !== 'facilitator') throw new MutationRejected('forbidden', 'err.forbidden');
	}
	const deviceTime = new Date(mutation.at);
	const handler = handlers[name] as Handler<typeof name>;
	const before = await monitoring.beforeMutation(trx, name, parsed.data);
	const outcome = await handler(
		trx,
		{
			...ctx,
			deviceAt: Number.isNaN(deviceTime.getTime()) ? ctx.now : deviceTime.toISOString(),
			changedBy: changedByColumn({ id: ctx.userId, name: writer.user.name, role })
		},
		space,
		parsed.data as MutationArgs<typeof name>
	);
	await monitoring.afterMutation(trx, name, space, parsed.data, before);
	if (name === 'seller.create') writer.roles.set(space, 'facilitator');
	// A poke naming a member is a poke of the space for every other reader too: one is enough.
	const members = outcome?.membersChanged ?? [];
	return { pokes: members.length ? members.map((member) => ({ space, member })) : [{ space }] };
}
