import { Badge, Button, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwise16Regular, PlugConnected16Regular, PlugDisconnected16Regular } from '@fluentui/react-icons';
import { useI18n } from '../i18n';
import { useApp } from './context';

const useStyles = makeStyles({
  root: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
});

/** "Gateway connected" / "Gateway unreachable" (drafting waits; checking still works), with a retry. */
export function GatewayBadge() {
  const { gateway, checkGateway } = useApp();
  const { t } = useI18n();
  const styles = useStyles();
  const label = gateway.state === 'online' ? t('gateway.online') : gateway.state === 'checking' ? t('gateway.checking') : t('gateway.unreachable');
  return (
    <div className={styles.root} role="status" aria-live="polite" data-testid="gateway-status" data-state={gateway.state} title={gateway.state === 'unreachable' ? t('gateway.unreachableHelp') : undefined}>
      <Badge
        appearance="tint"
        shape="rounded"
        color={gateway.state === 'online' ? 'success' : gateway.state === 'checking' ? 'informative' : 'warning'}
        icon={gateway.state === 'unreachable' ? <PlugDisconnected16Regular /> : <PlugConnected16Regular />}
      >
        {label}
      </Badge>
      {gateway.state === 'unreachable' && (
        <Button size="small" appearance="subtle" icon={<ArrowClockwise16Regular />} aria-label={t('gateway.retry')} title={t('gateway.retry')} onClick={checkGateway} data-testid="gateway-retry" />
      )}
    </div>
  );
}
