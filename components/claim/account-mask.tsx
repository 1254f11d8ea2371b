// "••••0000", read out as "account ending in 0000". Only ever the last four digits.
export function AccountMask({ mask }: { mask: string }) {
  return (
    <span className="account-mask">
      <span className="visually-hidden">account ending in </span>
      <span aria-hidden="true">••••</span>
      {mask}
    </span>
  );
}
