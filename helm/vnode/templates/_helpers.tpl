{{/* Chart name. */}}
{{- define "vnode.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Resource name prefix: the release name, plus "-vnode" unless it already contains it. */}}
{{- define "vnode.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's objects: (dict "root" $ "component" "node-agent"). */}}
{{- define "vnode.componentName" -}}
{{- printf "%s-%s" (include "vnode.fullname" .root) .component -}}
{{- end -}}

{{- define "vnode.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "vnode.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: vnode
{{- end -}}

{{/* Labels of one service: (dict "root" $ "component" "node-agent"). */}}
{{- define "vnode.componentLabels" -}}
{{ include "vnode.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "vnode.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vnode.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Image reference: (dict "root" $ "image" .Values.nodeAgent.image). */}}
{{- define "vnode.image" -}}
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) -}}
{{- end -}}

{{/* The Secret holding the AccessKey (keys access-key-id, access-key-secret). */}}
{{- define "vnode.credentialsSecret" -}}
{{- if not (or .Values.credentials.existingSecret (include "vnode.accessKeyId" .)) -}}
{{- fail "ECI_ACCESS_KEY and ECI_SECRET_KEY (or credentials.accessKeyId/accessKeySecret, or credentials.existingSecret naming a Secret with access-key-id and access-key-secret) are required: the AccessKey of a RAM user with AliyunECIFullAccess" -}}
{{- end -}}
{{- default "alibaba-addon-secret" .Values.credentials.existingSecret -}}
{{- end -}}

{{/* The webhook / kubelet TLS Secret. */}}
{{- define "vnode.webhookTlsSecret" -}}
{{- default (printf "%s-node-agent-tls" (include "vnode.fullname" .)) .Values.webhook.tls.existingSecret -}}
{{- end -}}

{{/* The install parameters: the product's names (ECI_REGION, ...) win over the chart's (regionId, ...). */}}
{{- define "vnode.regionId" -}}
{{- required "ECI_REGION (or regionId) is required: the region ID of the cluster, e.g. cn-hangzhou" (coalesce .Values.ECI_REGION .Values.regionId) -}}
{{- end -}}

{{- define "vnode.clusterId" -}}
{{- coalesce .Values.ALIYUN_CLUSTERID .Values.clusterId | default "" -}}
{{- end -}}

{{- define "vnode.resourceGroupId" -}}
{{- coalesce .Values.ALIYUN_RESOURCEGROUP_ID .Values.resourceGroupId | default "" -}}
{{- end -}}

{{- define "vnode.vpcId" -}}
{{- coalesce .Values.ECI_VPC .Values.vpcId | default "" -}}
{{- end -}}

{{/* vSwitch ids joined by ",": ECI_VSWITCH ("vsw-1, vsw-2") or vSwitchIds; required with eciProfile.create. */}}
{{- define "vnode.vSwitchIds" -}}
{{- $ids := list -}}
{{- if .Values.ECI_VSWITCH -}}
{{- range (splitList "," (toString .Values.ECI_VSWITCH)) -}}{{- if trim . -}}{{- $ids = append $ids (trim .) -}}{{- end -}}{{- end -}}
{{- else -}}
{{- $ids = .Values.vSwitchIds -}}
{{- end -}}
{{- if and .Values.eciProfile.create (not $ids) -}}
{{- fail "ECI_VSWITCH (or vSwitchIds) is required: the vSwitches that give instances their IP addresses, e.g. --set ECI_VSWITCH=\"vsw-xxx1, vsw-xxx2\"" -}}
{{- end -}}
{{- join "," $ids -}}
{{- end -}}

{{- define "vnode.securityGroupId" -}}
{{- $sg := coalesce .Values.ECI_SECURITY_GROUP .Values.securityGroupId | default "" -}}
{{- if and .Values.eciProfile.create (not $sg) -}}
{{- fail "ECI_SECURITY_GROUP (or securityGroupId) is required: the security group of the instances, e.g. sg-xxx" -}}
{{- end -}}
{{- $sg -}}
{{- end -}}

{{- define "vnode.accessKeyId" -}}
{{- coalesce .Values.ECI_ACCESS_KEY .Values.credentials.accessKeyId | default "" -}}
{{- end -}}

{{- define "vnode.accessKeySecret" -}}
{{- coalesce .Values.ECI_SECRET_KEY .Values.credentials.accessKeySecret | default "" -}}
{{- end -}}

{{/* The API server's address for the services, when given: KUBERNETES_SERVICE_HOST/PORT. */}}
{{- define "vnode.apiServerEnv" -}}
{{- with (coalesce .Values.KUBERNETES_APISERVER_HOST .Values.apiServer.host) }}
- name: KUBERNETES_SERVICE_HOST
  value: {{ . | quote }}
{{- end }}
{{- with (coalesce (toString .Values.KUBERNETES_APISERVER_PORT) (toString .Values.apiServer.port)) }}
- name: KUBERNETES_SERVICE_PORT
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* "true" when the release runs its own Kafka: kafka.internal.enabled and no kafka.bootstrapServers. */}}
{{- define "vnode.internalKafka" -}}
{{- if and .Values.kafka.internal.enabled (not .Values.kafka.bootstrapServers) -}}true{{- end -}}
{{- end -}}

{{- define "vnode.kafkaBootstrap" -}}
{{- if include "vnode.internalKafka" . -}}
{{- printf "%s:9092" (include "vnode.componentName" (dict "root" . "component" "kafka")) -}}
{{- else -}}
{{- required "kafka.bootstrapServers is required (host:port[,host:port]) when kafka.internal.enabled is false" .Values.kafka.bootstrapServers -}}
{{- end -}}
{{- end -}}

{{/* KRaft cluster id of the internal Kafka: 16 bytes, base64url, derived from the release (stable across upgrades). */}}
{{- define "vnode.kafkaClusterId" -}}
{{- printf "%s/%s" .Release.Namespace .Release.Name | sha256sum | trunc 16 | b64enc | trimSuffix "==" | replace "+" "-" | replace "/" "_" -}}
{{- end -}}

{{/* min.insync.replicas for a replication factor: (dict "root" $ "rf" n); kafka.topics.minInsyncReplicas capped at n. */}}
{{- define "vnode.minInsyncReplicasFor" -}}
{{- $t := .root.Values.kafka.topics -}}
{{- $min := ternary 2 1 (ge (int .rf) 3) -}}
{{- if ne (toString $t.minInsyncReplicas) "" -}}{{- $min = min (int $t.minInsyncReplicas) (int .rf) -}}{{- end -}}
{{- $min -}}
{{- end -}}

{{/* min.insync.replicas of the topics: at most the replication factor. */}}
{{- define "vnode.minInsyncReplicas" -}}
{{- $t := .Values.kafka.topics -}}
{{- $min := ternary 2 1 (ge (int $t.replicationFactor) 3) -}}
{{- if ne (toString $t.minInsyncReplicas) "" -}}{{- $min = int $t.minInsyncReplicas -}}{{- end -}}
{{- if gt $min (int $t.replicationFactor) -}}
{{- fail (printf "kafka.topics.minInsyncReplicas (%v) must not exceed kafka.topics.replicationFactor (%v): no write could be acknowledged" $min $t.replicationFactor) -}}
{{- end -}}
{{- if lt $min 1 -}}
{{- fail "kafka.topics.minInsyncReplicas must be at least 1" -}}
{{- end -}}
{{- $min -}}
{{- end -}}

{{/* security.protocol from kafka.tls.enabled and kafka.sasl.enabled. */}}
{{- define "vnode.kafkaSecurityProtocol" -}}
{{- $k := .Values.kafka -}}
{{- if and $k.tls.enabled $k.sasl.enabled -}}SASL_SSL
{{- else if $k.tls.enabled -}}SSL
{{- else if $k.sasl.enabled -}}SASL_PLAINTEXT
{{- else -}}PLAINTEXT
{{- end -}}
{{- end -}}

{{/* Env of every service: Kafka (bootstrap; security as Spring Boot's spring.kafka.properties.*, which the
binder merges into its clients and the services' own producers and admin clients take as they are), JVM. */}}
{{- define "vnode.commonEnv" -}}
{{- $k := .Values.kafka -}}
{{- include "vnode.apiServerEnv" . }}
- name: KAFKA_BOOTSTRAP
  value: {{ include "vnode.kafkaBootstrap" . | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ .Values.javaToolOptions | quote }}
{{- if eq .Values.logFormat "json" }}
- name: LOGGING_STRUCTURED_FORMAT_CONSOLE
  value: ecs
{{- else if ne .Values.logFormat "text" }}
{{- fail (printf "logFormat must be json or text, not %q" .Values.logFormat) }}
{{- end }}
{{- with .Values.tracing }}
{{- if .otlpEndpoint }}
{{- if not (regexMatch "^https?://[^/]+" .otlpEndpoint) }}
{{- fail (printf "tracing.otlpEndpoint must be an http(s) URL, not %q" .otlpEndpoint) }}
{{- end }}
- name: VNODE_TRACING_OTLP_ENDPOINT
  value: {{ .otlpEndpoint | quote }}
- name: VNODE_TRACING_SAMPLING_RATIO
  value: {{ .samplingRatio | quote }}
{{- if .headersSecret.name }}
- name: VNODE_TRACING_OTLP_HEADER_LIST
  valueFrom:
    secretKeyRef:
      name: {{ .headersSecret.name }}
      key: {{ .headersSecret.key }}
{{- end }}
{{- end }}
{{- end }}
{{- if or $k.tls.enabled $k.sasl.enabled }}
- name: SPRING_KAFKA_PROPERTIES_SECURITY_PROTOCOL
  value: {{ include "vnode.kafkaSecurityProtocol" . }}
{{- end }}
{{- if and $k.tls.enabled $k.tls.truststoreSecret }}
- name: SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_LOCATION
  value: /etc/vnode/kafka-tls/{{ $k.tls.truststoreKey }}
- name: SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_TYPE
  value: {{ $k.tls.truststoreType | quote }}
{{- if $k.tls.truststorePasswordKey }}
- name: SPRING_KAFKA_PROPERTIES_SSL_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $k.tls.truststoreSecret }}
      key: {{ $k.tls.truststorePasswordKey }}
{{- end }}
{{- end }}
{{- if $k.sasl.enabled }}
- name: SPRING_KAFKA_PROPERTIES_SASL_MECHANISM
  value: {{ $k.sasl.mechanism | quote }}
- name: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.jaasSecret is required with kafka.sasl.enabled" $k.sasl.jaasSecret }}
      key: {{ $k.sasl.jaasKey }}
{{- end }}
{{- end -}}

{{/* The AccessKey as env, from the Secret. */}}
{{- define "vnode.credentialsEnv" -}}
- name: ALIBABA_CLOUD_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ include "vnode.credentialsSecret" . }}
      key: access-key-id
- name: ALIBABA_CLOUD_ACCESS_KEY_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ include "vnode.credentialsSecret" . }}
      key: access-key-secret
{{- end -}}

{{- define "vnode.commonVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.truststoreSecret }}
- name: kafka-tls
  mountPath: /etc/vnode/kafka-tls
  readOnly: true
{{- end }}
{{- end -}}

{{- define "vnode.commonVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- if and .Values.kafka.tls.enabled .Values.kafka.tls.truststoreSecret }}
- name: kafka-tls
  secret:
    secretName: {{ .Values.kafka.tls.truststoreSecret }}
{{- end }}
{{- end -}}

{{/* Actuator probes: (dict "port" "http" "scheme" "HTTP"). */}}
{{- define "vnode.probes" -}}
startupProbe:
  httpGet:
    path: /actuator/health/liveness
    port: {{ .port }}
    scheme: {{ .scheme }}
  periodSeconds: 5
  failureThreshold: 36
livenessProbe:
  httpGet:
    path: /actuator/health/liveness
    port: {{ .port }}
    scheme: {{ .scheme }}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /actuator/health/readiness
    port: {{ .port }}
    scheme: {{ .scheme }}
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{/* Pod-level settings shared by every Deployment: (dict "root" $ "svc" .Values.nodeAgent). */}}
{{- define "vnode.podCommon" -}}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .svc.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .svc.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .svc.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* PodDisruptionBudget of one service: (dict "root" $ "component" "node-agent"). */}}
{{- define "vnode.pdb" -}}
{{- if .root.Values.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "vnode.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "vnode.componentLabels" . | nindent 4 }}
spec:
  maxUnavailable: {{ .root.Values.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "vnode.selectorLabels" . | nindent 6 }}
{{- end }}
{{- end -}}

{{/* ServiceAccount of one service: (dict "root" $ "component" "node-agent"). */}}
{{- define "vnode.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "vnode.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "vnode.componentLabels" . | nindent 4 }}
automountServiceAccountToken: true
{{- end -}}
