/** A position fix as the hub keeps it once checked: WGS-84, its time, its accuracy when known. */
export interface CheckedFix {
  lng: number;
  lat: number;
  at: Date;
  accuracyM: number | null;
}
