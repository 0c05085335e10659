{{/*
Shared pieces of every te role (infra/kustomize/base/roles/te-role.yaml). The chart uses only what the test's
renderer knows (tests/TradingEngine.Tests/Infra/Helm/GoTemplate.cs): define/include, if/else, range, variables,
toYaml, nindent, indent, quote, toJson, base, eq.
*/}}
{{- define "te.podSettings" -}}
enableServiceLinks: false
terminationGracePeriodSeconds: 60
securityContext:
  runAsNonRoot: true
  runAsUser: 10001
  runAsGroup: 10001
  fsGroup: 10001
  seccompProfile:
    type: RuntimeDefault
{{- end }}

{{- define "te.containerSettings" -}}
image: {{ .Values.image.repository }}:{{ .Values.image.tag }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
startupProbe:
  httpGet:
    path: {{ .Values.metrics.livenessPath }}
    port: metrics
  periodSeconds: 5
  failureThreshold: 120
livenessProbe:
  httpGet:
    path: {{ .Values.metrics.livenessPath }}
    port: metrics
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: {{ .Values.metrics.readinessPath }}
    port: metrics
  periodSeconds: 5
  failureThreshold: 2
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities:
    drop: ["ALL"]
volumeMounts:
  - name: config
    mountPath: {{ .Values.config.directory }}
    readOnly: true
  - name: secrets
    mountPath: {{ .Values.secrets.directory }}
    readOnly: true
  - name: state
    mountPath: {{ .Values.state.directory }}
  - name: tmp
    mountPath: /tmp
{{- end }}

{{- define "te.commonArgs" -}}
- --config
- {{ .Values.config.file }}
- --metrics
- 0.0.0.0:{{ .Values.metrics.port }}
- --nats
- {{ .Values.nats.url }}
- --nats-token-file
- {{ .Values.secrets.directory }}/nats-token
{{- end }}

{{- define "te.commonVolumes" -}}
- name: config
  configMap:
    name: te-config
- name: secrets
  secret:
    secretName: {{ .Values.secrets.name }}
    defaultMode: 288   # 0440
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
{{- end }}
