// Fault injection through the SDK middleware stack of the shared document client: DynamoDB itself stays
// real (DynamoDB Local); only the faults are simulated.
import { getDocumentClient } from '../../shared/data/client.ts';

export type DynamoFault = 'throttle' | 'timeout';

const NAME = 'test-fault-injection';

function faultError(kind: DynamoFault): Error {
  const error = new Error(
    kind === 'throttle' ? 'Rate of requests exceeds the allowed throughput.' : 'socket hang up',
  );
  error.name = kind === 'throttle' ? 'ThrottlingException' : 'TimeoutError';
  Object.assign(error, { $metadata: {}, $fault: 'client' });
  return error;
}

/** Makes the next `count` DynamoDB calls (or all, when count is undefined) fail with `kind`. Returns a remover. */
export function injectDynamoFault(kind: DynamoFault, options: { count?: number; commands?: string[] } = {}) {
  const stack = getDocumentClient().middlewareStack;
  let remaining = options.count ?? Number.POSITIVE_INFINITY;
  let injected = 0;
  stack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      if (remaining > 0 && (!options.commands || options.commands.includes(command))) {
        remaining -= 1;
        injected += 1;
        throw faultError(kind);
      }
      return next(args);
    },
    { step: 'initialize', name: NAME, override: true },
  );
  return {
    get injected() {
      return injected;
    },
    remove: () => stack.remove(NAME),
  };
}
