// Integration tests run in the same process as the code they test, so their "now" is this process's Date.
// It starts at one fixed instant (INTEGRATION_NOW, an ISO 8601 instant, chooses another) and runs forward
// at the real pace from there, so the suite decides the same at whatever hour, date or time zone the
// machine runs it. Only "now" moves: every Date built from a value is the one that value names.
const start = new Date(process.env['INTEGRATION_NOW'] ?? '2027-02-10T09:30:00.000Z');
if (Number.isNaN(start.getTime())) {
  throw new Error(`INTEGRATION_NOW is not an ISO 8601 instant: ${process.env['INTEGRATION_NOW']}`);
}

const RealDate = globalThis.Date;
const offset = start.getTime() - RealDate.now();

const shiftedNow = (): number => RealDate.now() + offset;

// A proxy rather than a subclass: every Date stays a plain Date (same prototype, `instanceof` unchanged),
// and `Date()` called without `new` keeps working.
globalThis.Date = new Proxy(RealDate, {
  construct: (target, args, newTarget) =>
    Reflect.construct(target, args.length === 0 ? [shiftedNow()] : args, newTarget),
  apply: () => new RealDate(shiftedNow()).toString(),
  get: (target, property, receiver) =>
    property === 'now' ? shiftedNow : Reflect.get(target, property, receiver),
});
