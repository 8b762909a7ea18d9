/**
 * A resolved CloudFormation value as cdk-nag writes it in a finding id, to acknowledge that
 * finding and no other: `<Fn.Arn>` for a `GetAtt`, `<Alias>` for a `Ref`, joins joined.
 */
export function findingText(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const node = value as { [key: string]: any };
  if (node['Fn::GetAtt']) {
    return `<${node['Fn::GetAtt'].join('.')}>`;
  }
  if (node.Ref) {
    return `<${node.Ref}>`;
  }
  if (node['Fn::Join']) {
    const [delimiter, parts] = node['Fn::Join'];
    return (parts as unknown[]).map(findingText).join(delimiter);
  }
  return JSON.stringify(value);
}
