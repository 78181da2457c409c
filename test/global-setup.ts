// Nothing global yet beyond what each suite starts itself; kept so suites can share setup later.
export default function setup(): void {}
